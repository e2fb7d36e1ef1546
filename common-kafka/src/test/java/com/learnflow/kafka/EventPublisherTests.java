package com.learnflow.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;

import com.learnflow.events.ExerciseStarted;
import com.learnflow.events.TopicCatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The publish timeout bounds the whole publish, {@code send()} included: {@code send()} itself may block up to
 * {@code max.block.ms} for metadata or buffer space, and what it takes is not waited for again afterwards.
 */
class EventPublisherTests {

	static final Duration TIMEOUT = Duration.ofMillis(1000);

	/** The time a thread needs to be scheduled again on a busy machine. */
	static final Duration MARGIN = Duration.ofMillis(400);

	static final ExerciseStarted EVENT = new ExerciseStarted(UUID.randomUUID(), UUID.randomUUID(),
			Instant.parse("2026-12-01T10:30:00Z"));

	@SuppressWarnings("unchecked")
	final KafkaTemplate<String, Object> template = mock(KafkaTemplate.class);

	final EventPublisher publisher = new EventPublisher(this.template, TIMEOUT, "/learnflow/test", Clock.systemUTC());

	@Test
	void aSendThatBlocksUsesUpPartOfTheTimeoutAndTheAcknowledgementGetsOnlyTheRest() {
		given(this.template.send(any(ProducerRecord.class))).willAnswer((invocation) -> {
			Thread.sleep(TIMEOUT.toMillis() * 7 / 10);
			return new CompletableFuture<>();
		});

		long start = System.nanoTime();
		assertThatExceptionOfType(PublishFailedException.class)
			.isThrownBy(() -> this.publisher.publish(TopicCatalog.EXERCISE_STARTED, UUID.randomUUID(), EVENT))
			.withMessageContaining("did not acknowledge");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plus(MARGIN));
	}

	@Test
	void aSendThatGivesUpAfterMaxBlockIsAFailedPublishWithinTheTimeout() {
		given(this.template.send(any(ProducerRecord.class))).willAnswer((invocation) -> {
			Thread.sleep(TIMEOUT.toMillis());
			throw new KafkaException("Send failed",
					new TimeoutException("Topic exercise.started not present in metadata after 1000 ms."));
		});

		long start = System.nanoTime();
		assertThatExceptionOfType(PublishFailedException.class)
			.isThrownBy(() -> this.publisher.publish(TopicCatalog.EXERCISE_STARTED, UUID.randomUUID(), EVENT))
			.withMessageContaining("not present in metadata");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plus(MARGIN));
	}

}
