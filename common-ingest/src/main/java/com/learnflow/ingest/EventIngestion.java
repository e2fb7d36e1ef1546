package com.learnflow.ingest;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.learnflow.events.EventTopic;
import com.learnflow.events.LearnFlowEvent;
import com.learnflow.kafka.EventPublisher;

/**
 * The publish path every ingest endpoint shares: an accepted request becomes one event on its topic, answered
 * {@code 202 Accepted} only after the broker acknowledged it.
 */
public class EventIngestion {

	private final EventPublisher publisher;

	public EventIngestion(EventPublisher publisher) {
		this.publisher = publisher;
	}

	public <E extends LearnFlowEvent> ResponseEntity<AcceptedEvent> accept(EventTopic<E> topic, E event) {
		AcceptedEvent accepted = AcceptedEvent.of(this.publisher.publish(topic, UUID.randomUUID(), event));
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(accepted);
	}

}
