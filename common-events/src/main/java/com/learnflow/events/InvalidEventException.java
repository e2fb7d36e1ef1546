package com.learnflow.events;

/**
 * An event field breaks the documented schema; the message names the field and says what
 * is wrong.
 */
public class InvalidEventException extends IllegalArgumentException {

	private final String field;

	public InvalidEventException(String field, String problem) {
		super(field + " " + problem);
		this.field = field;
	}

	/** The JSON name of the offending field. */
	public String field() {
		return this.field;
	}

	/** What is wrong with the field, without its name. */
	public String problem() {
		return getMessage().substring(this.field.length() + 1);
	}

}
