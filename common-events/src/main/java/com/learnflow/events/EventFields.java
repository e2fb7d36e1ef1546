package com.learnflow.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The field rules that the event records share, stated once. */
final class EventFields {

	private EventFields() {
	}

	/** An absent {@code event_type} takes the documented value; a different one is rejected. */
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

	/** Timestamps are kept in UTC at millisecond precision, so that every client (Python's included) parses them. */
	static Instant timestamp(String field, Instant value) {
		return required(field, value).truncatedTo(ChronoUnit.MILLIS);
	}

	static String text(String field, String value, int maxLength) {
		required(field, value);
		if (value.isBlank()) {
			throw new InvalidEventException(field, "must not be blank");
		}
		return optionalText(field, value, maxLength);
	}

	static String optionalText(String field, String value, int maxLength) {
		if (value != null && value.length() > maxLength) {
			throw new InvalidEventException(field, "must be at most " + maxLength + " characters");
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
