package com.learnflow.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

import org.springframework.kafka.core.KafkaTemplate;

import com.learnflow.events.EventTopic;
import com.learnflow.events.LearnFlowEvent;

/**
 * Publishes an event to its catalog topic, keyed by the catalog's key field, with CloudEvents headers, and returns
 * only once the broker has acknowledged it or the publish timeout has passed.
 */
public class EventPublisher {

	private final KafkaTemplate<String, Object> template;

	private final Duration timeout;

	private final String source;

	private final Clock clock;

	public EventPublisher(KafkaTemplate<String, Object> template, Duration timeout, String source, Clock clock) {
		this.template = template;
		this.timeout = timeout;
		this.source = source;
		this.clock = clock;
	}

	/**
	 * Publishes one event and waits for the broker's acknowledgement.
	 * @throws PublishFailedException when Kafka does not acknowledge within the publish timeout or refuses the event
	 */
	public <E extends LearnFlowEvent> PublishedEvent publish(EventTopic<E> topic, UUID eventId, E event) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		ProducerRecord<String, Object> record = new ProducerRecord<>(topic.name(), null, now.toEpochMilli(),
				topic.keyOf(event), event);
		CloudEventHeaders.write(record.headers(), eventId, topic.eventType(), this.source, now);
		try {
			RecordMetadata metadata = this.template.send(record)
				.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
				.getRecordMetadata();
			return new PublishedEvent(eventId, metadata.topic(), metadata.partition(), metadata.offset());
		}
		catch (TimeoutException ex) {
			throw new PublishFailedException(
					"Kafka did not acknowledge " + topic.name() + " within " + this.timeout.toMillis() + " ms", ex);
		}
		catch (ExecutionException ex) {
			throw new PublishFailedException("Kafka refused " + topic.name() + ": " + ex.getCause().getMessage(),
					ex.getCause());
		}
		catch (KafkaException | org.springframework.kafka.KafkaException ex) {
			// send() itself gives up when metadata or buffer space do not come within max.block.ms; the template
			// wraps that failure in its own exception.
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new PublishFailedException("Kafka is unavailable for " + topic.name() + ": " + cause.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PublishFailedException("Interrupted while publishing to " + topic.name(), ex);
		}
	}

}
