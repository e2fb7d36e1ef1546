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

	/** 9999-12-31T23:59:59Z: later years are written with a sign. */
	private static final long LAST_FOUR_DIGIT_YEAR_SECOND = 253_402_300_799L;

	/** The last second formatted, without its {@code Z}; replaced as time moves on. */
	private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

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
		put(headers, TIME, utcText(time));
		put(headers, CONTENT_TYPE, "application/json");
	}

	/**
	 * An instant as {@link Instant#toString()} writes it (ISO-8601 in UTC, the fraction
	 * only when there is one), with the date and time of day formatted once per second:
	 * an ingest service stamps thousands of events within each.
	 */
	static String utcText(Instant time) {
		Second second = lastSecond;
		long epochSecond = time.getEpochSecond();
		if (second.epochSecond() != epochSecond) {
			if (epochSecond < 0 || epochSecond > LAST_FOUR_DIGIT_YEAR_SECOND) {
				return time.toString();
			}
			String whole = Instant.ofEpochSecond(epochSecond).toString();
			second = new Second(epochSecond, whole.substring(0, whole.length() - 1));
			lastSecond = second;
		}
		int nanos = time.getNano();
		if (nanos == 0) {
			return second.text() + "Z";
		}
		if (nanos % 1_000_000 != 0) {
			return time.toString();
		}
		int millis = nanos / 1_000_000;
		StringBuilder text = new StringBuilder(second.text().length() + 5).append(second.text()).append('.');
		if (millis < 100) {
			text.append('0');
		}
		if (millis < 10) {
			text.append('0');
		}
		return text.append(millis).append('Z').toString();
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

	/** A second since the epoch and its text up to the fraction. */
	private record Second(long epochSecond, String text) {
	}

}
