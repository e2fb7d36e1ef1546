package com.learnflow.localstack;

/**
 * Something the local stack cannot do, said in a sentence for whoever runs
 * {@code ./learnflow}: a port taken, a process that exited, a time that ran out.
 */
public class LocalStackException extends RuntimeException {

	public LocalStackException(String message) {
		super(message);
	}

	public LocalStackException(String message, Throwable cause) {
		super(message, cause);
	}

}
