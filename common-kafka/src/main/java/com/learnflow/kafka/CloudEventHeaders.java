package com.learnflow.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.common.header.Headers;

/**
 * The CloudEvents Kafka protocol binding in binary mode: the payload stays the documented
 * JSON and the event's metadata travels in {@code ce_*} headers.
 */
public final class CloudEventHeaders {

	public static final String SPEC_VERSION = "ce_specversion";

	public static final String ID = "ce_id";

	public static final String TYPE = "ce_type";

	public static final String SOURCE = "ce_source";

	public static final String TIME = "ce_time";

	public static final String CONTENT_TYPE = "content-type";

	private CloudEventHeaders() {
	}

	/**
	 * The CloudEvents {@code type} of an event: its documented {@code event_type} in
	 * LearnFlow's namespace.
	 */
	public static String type(String eventType) {
		return "com.learnflow." + eventType;
	}

	/** Adds the binary-mode headers of one event to a record's headers. */
	public static void write(Headers headers, UUID id, String eventType, String source, Instant time) {
		put(headers, SPEC_VERSION, "1.0");
		put(headers, ID, id.toString());
		put(headers, TYPE, type(eventType));
		put(headers, SOURCE, source);
		put(headers, TIME, time.toString());
		put(headers, CONTENT_TYPE, "application/json");
	}

	/** The text of the last header with this name, or {@code null}. */
	public static String read(Headers headers, String name) {
		var header = headers.lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static void put(Headers headers, String name, String value) {
		headers.remove(name);
		headers.add(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
