package com.learnflow.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import com.learnflow.events.EventTopic;
import com.learnflow.events.LearnFlowEvent;

/**
 * Publishes an event to its catalog topic, keyed by the catalog's key field, with
 * CloudEvents headers, and returns only once the broker has acknowledged it or the
 * publish timeout has passed; many events may be sent first and awaited together, so that
 * they share the round trips to the broker.
 */
public class EventPublisher {

	private final KafkaTemplate<String, Object> template;

	private final Duration timeout;

	private final String source;

	private final Clock clock;

	private final RecordHeadersContributor headers;

	public EventPublisher(KafkaTemplate<String, Object> template, Duration timeout, String source, Clock clock) {
		this(template, timeout, source, clock, RecordHeadersContributor.NONE);
	}

	public EventPublisher(KafkaTemplate<String, Object> template, Duration timeout, String source, Clock clock,
			RecordHeadersContributor headers) {
		this.template = template;
		this.timeout = timeout;
		this.source = source;
		this.clock = clock;
		this.headers = headers;
	}

	/**
	 * Publishes one event and waits for the broker's acknowledgement.
	 * @throws PublishFailedException when Kafka does not acknowledge within the publish
	 * timeout or refuses the event
	 */
	public <E extends LearnFlowEvent> PublishedEvent publish(EventTopic<E> topic, UUID eventId, E event) {
		long deadline = deadline();
		return await(send(topic, eventId, event), deadline);
	}

	/**
	 * When events sent now must be acknowledged: the publish timeout from now, on
	 * {@link System#nanoTime()}.
	 */
	public long deadline() {
		return System.nanoTime() + this.timeout.toNanos();
	}

	/**
	 * Hands one event to the producer without waiting, so that many can share a round
	 * trip to the broker; each must then be awaited ({@link #await}).
	 * @throws PublishFailedException when the producer cannot take the event (no metadata
	 * or buffer space within {@code max.block.ms})
	 */
	public <E extends LearnFlowEvent> Pending send(EventTopic<E> topic, UUID eventId, E event) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		ProducerRecord<String, Object> record = new ProducerRecord<>(topic.name(), null, now.toEpochMilli(),
				topic.keyOf(event), event);
		CloudEventHeaders.write(record.headers(), eventId, topic.eventType(), this.source, now);
		this.headers.contribute(record.headers());
		try {
			return new Pending(eventId, topic.name(), this.template.send(record));
		}
		catch (KafkaException | org.springframework.kafka.KafkaException ex) {
			// send() itself gives up when metadata or buffer space do not come within
			// max.block.ms; the template
			// wraps that failure in its own exception.
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new PublishFailedException("Kafka is unavailable for " + topic.name() + ": " + cause.getMessage(),
					ex);
		}
	}

	/**
	 * Waits until the broker acknowledged a sent event, at most until the deadline.
	 * @throws PublishFailedException when Kafka does not acknowledge in time or refuses
	 * the event
	 */
	public PublishedEvent await(Pending pending, long deadline) {
		try {
			RecordMetadata metadata = pending.acknowledgement()
				.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
				.getRecordMetadata();
			return new PublishedEvent(pending.eventId(), metadata.topic(), metadata.partition(), metadata.offset());
		}
		catch (TimeoutException ex) {
			throw new PublishFailedException(
					"Kafka did not acknowledge " + pending.topic() + " within " + this.timeout.toMillis() + " ms", ex);
		}
		catch (ExecutionException ex) {
			throw new PublishFailedException("Kafka refused " + pending.topic() + ": " + ex.getCause().getMessage(),
					ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PublishFailedException("Interrupted while publishing to " + pending.topic(), ex);
		}
	}

	/**
	 * An event handed to the producer, not yet acknowledged.
	 *
	 * @param eventId the event's id
	 * @param topic its topic
	 * @param acknowledgement completes when the broker acknowledged it, or failed
	 */
	public record Pending(UUID eventId, String topic, CompletableFuture<SendResult<String, Object>> acknowledgement) {
	}

}
