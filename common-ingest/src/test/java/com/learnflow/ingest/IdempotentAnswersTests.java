package com.learnflow.ingest;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.learnflow.kafka.PublishFailedException;
import com.learnflow.kafka.PublishedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules of {@code Idempotency-Key}: one event id per key and topic on every instance, one publish per key on an
 * instance even when retries overlap, nothing remembered after a failure, and a reused key with another request is
 * a conflict. (The publish here is a function that counts calls; the HTTP and Kafka path is tested in the services.)
 */
class IdempotentAnswersTests {

	final IdempotentAnswers answers = new IdempotentAnswers(new IngestProperties.Idempotency(Duration.ofHours(1), 100));

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
			Future<IdempotentAnswers.Answer> first = pool.submit(() -> this.answers.answer("t", "k", "request", (id) -> {
				publishing.countDown();
				await(release);
				return publish(id);
			}));
			assertThat(publishing.await(5, TimeUnit.SECONDS)).isTrue();
			Future<IdempotentAnswers.Answer> second = pool.submit(() -> this.answers.answer("t", "k", "request",
					this::publish));
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
