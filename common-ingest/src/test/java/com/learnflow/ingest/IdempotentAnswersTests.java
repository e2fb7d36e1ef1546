package com.learnflow.ingest;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.util.unit.DataSize;

import com.learnflow.kafka.PublishFailedException;
import com.learnflow.kafka.PublishedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The rules of {@code Idempotency-Key}: one event id per key and topic on every instance,
 * one publish per key on an instance even when retries overlap, nothing remembered after
 * a failure, and a reused key with another request is a conflict, judged by the hash of
 * the request, and what an instance remembers bounded by bytes. (The publish here is a
 * function that counts calls; the HTTP and Kafka path is tested in the services.)
 */
class IdempotentAnswersTests {

	final IdempotentAnswers answers = new IdempotentAnswers(
			new IngestProperties.Idempotency(Duration.ofHours(1), DataSize.ofMegabytes(1)));

	final AtomicInteger publishes = new AtomicInteger();

	@Test
	void theEventIdDependsOnTopicAndKeyOnly() {
		assertThat(IdempotentAnswers.eventId("learning.submitted", "k1"))
			.isEqualTo(IdempotentAnswers.eventId("learning.submitted", "k1"))
			.isNotEqualTo(IdempotentAnswers.eventId("exercise.started", "k1"))
			.isNotEqualTo(IdempotentAnswers.eventId("learning.submitted", "k2"));
	}

	@Test
	void aRetryIsAnsweredWithoutPublishingAgain() {
		var first = this.answers.answer("t", "k", "request", this::publish);
		var retry = this.answers.answer("t", "k", "request", this::publish);

		assertThat(first.replayed()).isFalse();
		assertThat(retry.replayed()).isTrue();
		assertThat(retry.event()).isEqualTo(first.event());
		assertThat(this.publishes).hasValue(1);
	}

	@Test
	void overlappingRetriesPublishOnce() throws Exception {
		CountDownLatch publishing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<IdempotentAnswers.Answer> first = pool
				.submit(() -> this.answers.answer("t", "k", "request", (id) -> {
					publishing.countDown();
					await(release);
					return publish(id);
				}));
			assertThat(publishing.await(5, TimeUnit.SECONDS)).isTrue();
			Future<IdempotentAnswers.Answer> second = pool
				.submit(() -> this.answers.answer("t", "k", "request", this::publish));
			release.countDown();
			assertThat(second.get(5, TimeUnit.SECONDS).event()).isEqualTo(first.get(5, TimeUnit.SECONDS).event());
			assertThat(this.publishes).hasValue(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void afterAFailedPublishARetryPublishes() {
		assertThatThrownBy(() -> this.answers.answer("t", "k", "request", (id) -> {
			throw new PublishFailedException("down", null);
		})).isInstanceOf(PublishFailedException.class);

		assertThat(this.answers.answer("t", "k", "request", this::publish).replayed()).isFalse();
		assertThat(this.publishes).hasValue(1);
	}

	@Test
	void aKeyReusedForAnotherRequestIsAConflict() {
		this.answers.answer("t", "k", "request", this::publish);

		assertThatThrownBy(() -> this.answers.answer("t", "k", "another request", this::publish))
			.isInstanceOf(IdempotencyConflictException.class);
	}

	/**
	 * A request as the services' records are: JSON names, a double, an optional
	 * timestamp.
	 */
	record Request(@JsonProperty("user_id") UUID userId, @JsonProperty("score") Double score,
			@JsonProperty("submitted_at") OffsetDateTime submittedAt) {
	}

	/** The same fields, as another endpoint's request. */
	record OtherRequest(@JsonProperty("user_id") UUID userId, @JsonProperty("score") Double score,
			@JsonProperty("submitted_at") OffsetDateTime submittedAt) {
	}

	static final UUID USER = UUID.fromString("3f2a1c9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b");

	static final OffsetDateTime AT = OffsetDateTime.parse("2026-12-01T10:30:00Z");

	/**
	 * A key used first with one request, then with another: replayed when they are equal,
	 * else a 422.
	 */
	static Stream<Arguments> sameKeyTwice() {
		Request request = new Request(USER, 85.5, AT);
		return Stream.of(arguments("the same request", request, request, true),
				arguments("an equal request", request, new Request(USER, 85.5, AT), true),
				arguments("an equal request without a time", new Request(USER, 1.0, null), new Request(USER, 1.0, null),
						true),
				arguments("another score", request, new Request(USER, 85.0, AT), false),
				arguments("another user", request, new Request(UUID.randomUUID(), 85.5, AT), false),
				arguments("a time one millisecond later", request, new Request(USER, 85.5, AT.plusNanos(1_000_000)),
						false),
				arguments("the time left out", request, new Request(USER, 85.5, null), false),
				arguments("the same fields as another endpoint's request", request, new OtherRequest(USER, 85.5, AT),
						false));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("sameKeyTwice")
	void aKeyUsedAgainIsReplayedForAnEqualRequestAndAConflictForAnother(String name, Object first, Object second,
			boolean replayed) {
		var answer = this.answers.answer("t", "k", first, this::publish);

		if (replayed) {
			assertThat(this.answers.answer("t", "k", second, this::publish).event()).isEqualTo(answer.event());
		}
		else {
			assertThatThrownBy(() -> this.answers.answer("t", "k", second, this::publish))
				.isInstanceOf(IdempotencyConflictException.class);
		}
		assertThat(this.publishes).hasValue(1);
	}

	@Test
	void onlyTheRequestsHashIsKept() {
		var answer = this.answers.answer("t", "k", new Request(USER, 85.5, AT), this::publish);

		assertThat(answer.requestHash()).hasSize(32).isEqualTo(IdempotentAnswers.hash(new Request(USER, 85.5, AT)));
		assertThat(IdempotentAnswers.Answer.class.getRecordComponents()).extracting(RecordComponent::getType)
			.containsExactly(byte[].class, PublishedEvent.class, boolean.class);
	}

	/**
	 * A bound, how many keys of what length are answered, and how many of them an
	 * instance keeps at least.
	 */
	static Stream<Arguments> byteBounds() {
		return Stream.of(arguments(DataSize.ofKilobytes(64), 10_000, 36, 100),
				arguments(DataSize.ofKilobytes(64), 10_000, 255, 80),
				arguments(DataSize.ofMegabytes(1), 20_000, 36, 2_000),
				arguments(DataSize.ofMegabytes(1), 20_000, 255, 1_500),
				// Everything fits: nothing is forgotten.
				arguments(DataSize.ofMegabytes(1), 1_000, 36, 1_000));
	}

	@ParameterizedTest(name = "{0} with {1} keys of {2} characters")
	@MethodSource("byteBounds")
	void whatIsRememberedStaysWithinTheByteBound(DataSize bound, int keys, int keyLength, long atLeastKept) {
		IdempotentAnswers bounded = new IdempotentAnswers(new IngestProperties.Idempotency(Duration.ofHours(1), bound));
		for (int i = 0; i < keys; i++) {
			String key = (i + "-" + "k".repeat(keyLength)).substring(0, keyLength);
			bounded.answer("learning.submitted", key, new Request(USER, 1.0, AT), this::publish);
		}

		assertThat(bounded.estimatedBytes()).isPositive().isLessThanOrEqualTo(bound.toBytes());
		long weight = IdempotentAnswers.weight("learning.submitted\n" + "k".repeat(keyLength));
		assertThat(bounded.size()).isBetween(atLeastKept, (long) keys).isLessThanOrEqualTo(bound.toBytes() / weight);
		assertThat(this.publishes).hasValue(keys);
	}

	@Test
	void theDefaultBoundKeepsAboutEightyThousandKeysOf36Characters() {
		long perKey = IdempotentAnswers.weight("learning.submitted\n" + UUID.randomUUID());
		assertThat(DataSize.ofMegabytes(32).toBytes() / perKey).isBetween(75_000L, 90_000L);
	}

	private PublishedEvent publish(UUID eventId) {
		return new PublishedEvent(eventId, "t", 0, this.publishes.getAndIncrement());
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
