package com.learnflow.ingest;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import com.learnflow.kafka.PublishedEvent;

/**
 * The answer to an accepted request: the event's id and where the broker wrote it.
 *
 * @param eventId the event's id (its CloudEvents {@code ce_id})
 * @param topic the topic written to
 * @param partition the partition written to
 * @param offset the record's offset in that partition
 */
public record AcceptedEvent(@JsonProperty("event_id") UUID eventId, @JsonProperty("topic") String topic,
		@JsonProperty("partition") int partition, @JsonProperty("offset") long offset) {

	static AcceptedEvent of(PublishedEvent published) {
		return new AcceptedEvent(published.eventId(), published.topic(), published.partition(), published.offset());
	}

}
