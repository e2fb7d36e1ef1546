package com.learnflow.events;

/**
 * The text an event may carry, as its schema states it: no control character (C0, DEL or
 * C1; a multi-line text may hold tab, line feed and carriage return), no unpaired UTF-16
 * surrogate, and a length counted in Unicode code points, as JSON Schema's
 * {@code maxLength} counts it, not in UTF-16 units.
 *
 * <p>
 * The event records apply it in their constructors; the ingest services apply it to
 * requests as well, so that a client is told which field is wrong before an event is
 * built.
 */
public final class EventText {

	/**
	 * The schemas' pattern of a single-line text: no control character, no unpaired
	 * surrogate.
	 */
	public static final String SINGLE_LINE_PATTERN = "^[^\\u0000-\\u001F\\u007F-\\u009F\\uD800-\\uDFFF]*$";

	/**
	 * The schemas' pattern of a multi-line text: tab, line feed and carriage return are
	 * its only controls.
	 */
	public static final String MULTILINE_PATTERN = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F"
			+ "\\u007F-\\u009F\\uD800-\\uDFFF]*$";

	private EventText() {
	}

	/**
	 * What is wrong with the text, in the client's terms, or {@code null} when nothing
	 * is.
	 * @param text the text, not {@code null}
	 * @param maxLength the most code points it may have
	 * @param multiline whether tab, line feed and carriage return are allowed
	 */
	public static String problem(String text, int maxLength, boolean multiline) {
		int length = 0;
		for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
			int codePoint = text.codePointAt(i);
			length++;
			if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
				return "must be valid Unicode but has an unpaired surrogate " + unicode(codePoint) + " at character "
						+ length;
			}
			if (Character.isISOControl(codePoint) && !(multiline && isLineBreakOrTab(codePoint))) {
				return "must not contain control characters" + (multiline ? " other than tab and line breaks" : "")
						+ " but has " + unicode(codePoint) + " at character " + length;
			}
		}
		if (length > maxLength) {
			return "must be at most " + maxLength + " characters but has " + length;
		}
		return null;
	}

	private static boolean isLineBreakOrTab(int codePoint) {
		return codePoint == '\t' || codePoint == '\n' || codePoint == '\r';
	}

	private static String unicode(int codePoint) {
		return String.format("U+%04X", codePoint);
	}

}
