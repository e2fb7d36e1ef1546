package com.learnflow.ingest;

import java.io.IOException;

/** A request body is larger than {@code learnflow.ingest.max-body-size}. */
public class BodyTooLargeException extends IOException {

	private final long limit;

	public BodyTooLargeException(long limit) {
		super("request body is larger than " + limit + " bytes");
		this.limit = limit;
	}

	public long limit() {
		return this.limit;
	}

}
