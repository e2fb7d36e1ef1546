package com.learnflow.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The field rules that the event records share, stated once. */
final class EventFields {

	private EventFields() {
	}

	/**
	 * An absent {@code event_type} takes the documented value; a different one is
	 * rejected.
	 */
	static String eventType(String expected, String actual) {
		if (actual == null || actual.equals(expected)) {
			return expected;
		}
		throw new InvalidEventException("event_type", "must be \"" + expected + "\" but was \"" + actual + "\"");
	}

	static <T> T required(String field, T value) {
		if (value == null) {
			throw new InvalidEventException(field, "is required");
		}
		return value;
	}

	/** The earliest time the schemas' four-digit years can write. */
	static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");

	/** The latest time the schemas' four-digit years and milliseconds can write. */
	static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

	/**
	 * Timestamps are kept in UTC at millisecond precision, so that every client (Python's
	 * included) parses them, and within the four-digit years of the schemas' form, so
	 * that epoch milliseconds never overflow.
	 */
	static Instant timestamp(String field, Instant value) {
		Instant time = required(field, value).truncatedTo(ChronoUnit.MILLIS);
		if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
			throw new InvalidEventException(field,
					"must lie between " + EARLIEST + " and " + LATEST + " but was " + time);
		}
		return time;
	}

	/**
	 * A required single-line text: not blank, no control characters, at most
	 * {@code maxLength} code points.
	 */
	static String text(String field, String value, int maxLength) {
		required(field, value);
		if (value.isBlank()) {
			throw new InvalidEventException(field, "must not be blank");
		}
		return checked(field, value, maxLength, false);
	}

	/**
	 * An optional text that may span lines: tab and line breaks are its only control
	 * characters.
	 */
	static String optionalMultilineText(String field, String value, int maxLength) {
		return (value != null) ? checked(field, value, maxLength, true) : null;
	}

	private static String checked(String field, String value, int maxLength, boolean multiline) {
		String problem = EventText.problem(value, maxLength, multiline);
		if (problem != null) {
			throw new InvalidEventException(field, problem);
		}
		return value;
	}

	static long between(String field, long value, long min, long max) {
		if (value < min || value > max) {
			throw new InvalidEventException(field, "must be between " + min + " and " + max + " but was " + value);
		}
		return value;
	}

	static double between(String field, double value, double min, double max) {
		if (!(value >= min && value <= max)) {
			throw new InvalidEventException(field, "must be between " + min + " and " + max + " but was " + value);
		}
		return value;
	}

}
