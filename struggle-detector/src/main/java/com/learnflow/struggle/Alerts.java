package com.learnflow.struggle;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.kafka.streams.processor.api.Record;

import com.learnflow.events.StruggleDetected;
import com.learnflow.kafka.CloudEventHeaders;

/** Turns an alert into its {@code struggle.detected} record: keyed by {@code user_id}, with CloudEvents headers. */
final class Alerts {

	static final String SOURCE = "/learnflow/struggle-detector";

	private Alerts() {
	}

	/**
	 * The record of an alert raised by an input record; its id is derived from the alert's content, so that a
	 * replay produces the same id.
	 */
	static Record<String, StruggleDetected> record(StruggleDetected alert, Record<?, ?> cause) {
		String userId = alert.userId().toString();
		UUID id = UUID.nameUUIDFromBytes((userId + "|" + alert.struggleType() + "|" + alert.detectedAt().toEpochMilli())
			.getBytes(StandardCharsets.UTF_8));
		Record<String, StruggleDetected> record = new Record<>(userId, alert, alert.detectedAt().toEpochMilli(),
				cause.headers());
		CloudEventHeaders.write(record.headers(), id, alert.eventType(), SOURCE, alert.detectedAt());
		return record;
	}

}
