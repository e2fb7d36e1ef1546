package com.learnflow.kafka;

/**
 * The documented text forms of {@link StrictJson}, checked in one pass over the
 * characters instead of by their regular expressions, which stay the specification (the
 * OpenAPI documents publish them) and which a table test holds these checks to. A form
 * check runs for every UUID and timestamp of every request and input record.
 */
final class TextForms {

	private static final int UUID_LENGTH = 36;

	/** {@code yyyy-MM-ddTHH:mm:ss}: the part every timestamp form starts with. */
	private static final String DATE_TIME = "dddd-dd-ddTdd:dd:dd";

	private TextForms() {
	}

	/** {@link StrictJson#UUID_FORM}: 8-4-4-4-12 hex digits, either case. */
	static boolean isUuid(String text) {
		if (text.length() != UUID_LENGTH) {
			return false;
		}
		for (int i = 0; i < UUID_LENGTH; i++) {
			char c = text.charAt(i);
			boolean dash = (i == 8 || i == 13 || i == 18 || i == 23);
			if (dash ? c != '-' : !isHex(c)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * {@link StrictJson#INSTANT_FORM}: the date and time, at most three fraction digits,
	 * then {@code Z}.
	 */
	static boolean isInstant(String text) {
		int end = fractionEnd(text, 3);
		return end >= 0 && end == text.length() - 1 && text.charAt(end) == 'Z';
	}

	/**
	 * {@link StrictJson#OFFSET_DATE_TIME_FORM}: the date and time, at most nine fraction
	 * digits, then an offset.
	 */
	static boolean isOffsetDateTime(String text) {
		int end = fractionEnd(text, 9);
		if (end < 0) {
			return false;
		}
		int rest = text.length() - end;
		if (rest == 1) {
			return text.charAt(end) == 'Z';
		}
		return rest == 6 && (text.charAt(end) == '+' || text.charAt(end) == '-') && isDigit(text, end + 1)
				&& isDigit(text, end + 2) && text.charAt(end + 3) == ':' && isDigit(text, end + 4)
				&& isDigit(text, end + 5);
	}

	/**
	 * Where the date, the time and an optional fraction of 1 to {@code maxDigits} digits
	 * end, or -1 when the text does not start with them.
	 */
	private static int fractionEnd(String text, int maxDigits) {
		if (text.length() <= DATE_TIME.length()) {
			return -1;
		}
		for (int i = 0; i < DATE_TIME.length(); i++) {
			char expected = DATE_TIME.charAt(i);
			if ((expected == 'd') ? !isDigit(text, i) : text.charAt(i) != expected) {
				return -1;
			}
		}
		int end = DATE_TIME.length();
		if (text.charAt(end) != '.') {
			return end;
		}
		int digits = 0;
		while (end + 1 + digits < text.length() && isDigit(text, end + 1 + digits)) {
			digits++;
		}
		return (digits >= 1 && digits <= maxDigits) ? end + 1 + digits : -1;
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private static boolean isDigit(String text, int index) {
		char c = text.charAt(index);
		return c >= '0' && c <= '9';
	}

}
