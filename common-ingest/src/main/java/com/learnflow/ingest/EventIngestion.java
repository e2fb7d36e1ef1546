package com.learnflow.ingest;

import java.time.Duration;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.learnflow.events.EventTopic;
import com.learnflow.events.LearnFlowEvent;
import com.learnflow.kafka.EventPublisher;
import com.learnflow.kafka.PublishFailedException;
import com.learnflow.kafka.PublishedEvent;
import com.learnflow.security.Caller;

/**
 * The publish path every ingest endpoint shares: an accepted request becomes one event on
 * the service's topic, answered {@code 202 Accepted} only after the broker acknowledged
 * it; a retry with the same {@code Idempotency-Key} yields the same event id. The
 * caller's token must allow writing for the event's student ({@link Caller}).
 */
public class EventIngestion {

	/** The request header whose value makes a retried request yield the same event. */
	public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final EventTopic<?> topic;

	private final EventPublisher publisher;

	private final IdempotentAnswers idempotentAnswers;

	private final IngestMetrics metrics;

	public EventIngestion(EventTopic<?> topic, EventPublisher publisher, IdempotentAnswers idempotentAnswers,
			IngestMetrics metrics) {
		this.topic = topic;
		this.publisher = publisher;
		this.idempotentAnswers = idempotentAnswers;
		this.metrics = metrics;
	}

	/**
	 * Publishes the event of a valid request.
	 * @param request the request as received, compared when its idempotency key comes
	 * again
	 * @param event the request's event
	 * @param idempotencyKey the client's {@code Idempotency-Key}, or {@code null}
	 */
	public <E extends LearnFlowEvent> ResponseEntity<AcceptedEvent> publish(Object request, E event,
			String idempotencyKey) {
		EventTopic<E> topic = topicOf(this.topic, event);
		// Only a student may speak for herself: a student's token posts her own events
		// only.
		Caller.current().requireWriteFor(event.userId());
		PublishedEvent published;
		if (idempotencyKey == null) {
			published = publish(topic, UUID.randomUUID(), event);
		}
		else {
			if (!IdempotentAnswers.isValid(idempotencyKey)) {
				throw new InvalidIdempotencyKeyException();
			}
			var answer = this.idempotentAnswers.answer(topic.name(), idempotencyKey, request,
					(eventId) -> publish(topic, eventId, event));
			if (answer.replayed()) {
				this.metrics.replayed(topic.name());
			}
			published = answer.event();
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(AcceptedEvent.of(published));
	}

	/**
	 * The service's topic, as the topic of this event: an event it does not carry is a
	 * mistake in the service.
	 */
	@SuppressWarnings("unchecked")
	static <E extends LearnFlowEvent> EventTopic<E> topicOf(EventTopic<?> topic, E event) {
		if (!topic.eventClass().isInstance(event)) {
			throw new IllegalStateException("this service publishes to " + topic.name() + ", which carries no "
					+ event.eventType() + " events");
		}
		return (EventTopic<E>) topic;
	}

	private <E extends LearnFlowEvent> PublishedEvent publish(EventTopic<E> topic, UUID eventId, E event) {
		long start = System.nanoTime();
		try {
			PublishedEvent published = this.publisher.publish(topic, eventId, event);
			this.metrics.accepted(topic.name(), Duration.ofNanos(System.nanoTime() - start));
			return published;
		}
		catch (PublishFailedException ex) {
			this.metrics.failed(topic.name(), Duration.ofNanos(System.nanoTime() - start));
			throw ex;
		}
	}

}
