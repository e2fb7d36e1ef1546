package com.learnflow.kafka;

import java.util.UUID;

/**
 * An event the broker has acknowledged: where it was written.
 *
 * @param eventId the event's id, also its CloudEvents {@code ce_id} header
 * @param topic the topic written to
 * @param partition the partition written to
 * @param offset the record's offset in that partition
 */
public record PublishedEvent(UUID eventId, String topic, int partition, long offset) {
}
