package com.learnflow.ingest;

/** An {@code Idempotency-Key} header that is empty, too long or not printable ASCII. */
public class InvalidIdempotencyKeyException extends RuntimeException {

	public InvalidIdempotencyKeyException() {
		super("must be 1 to " + IdempotentAnswers.MAX_KEY_LENGTH + " printable ASCII characters");
	}

}
