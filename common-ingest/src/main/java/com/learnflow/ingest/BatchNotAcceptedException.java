package com.learnflow.ingest;

import org.springframework.http.HttpStatus;

/**
 * A batch none of whose items was accepted: answered as a problem that carries each
 * item's outcome.
 */
class BatchNotAcceptedException extends RuntimeException {

	private final HttpStatus status;

	private final BatchAnswer answer;

	BatchNotAcceptedException(HttpStatus status, BatchAnswer answer) {
		super("no event of the batch was accepted");
		this.status = status;
		this.answer = answer;
	}

	HttpStatus status() {
		return this.status;
	}

	BatchAnswer answer() {
		return this.answer;
	}

}
