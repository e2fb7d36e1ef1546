package com.learnflow.ingest;

import org.springframework.http.HttpStatus;

/**
 * A batch refused as a whole, before any of its items is looked at: nothing of it is
 * published.
 */
class BatchRefusedException extends RuntimeException {

	private final HttpStatus status;

	private final String reason;

	private final String title;

	private final long retryAfterSeconds;

	/**
	 * @param status the answer's status
	 * @param reason what the refusal is counted as
	 * @param title the problem's title
	 * @param detail the problem's detail
	 * @param retryAfterSeconds the answer's {@code Retry-After}, or 0 for none
	 */
	BatchRefusedException(HttpStatus status, String reason, String title, String detail, long retryAfterSeconds) {
		super(detail);
		this.status = status;
		this.reason = reason;
		this.title = title;
		this.retryAfterSeconds = retryAfterSeconds;
	}

	HttpStatus status() {
		return this.status;
	}

	String reason() {
		return this.reason;
	}

	String title() {
		return this.title;
	}

	long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
