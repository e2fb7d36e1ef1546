package com.learnflow.kafka;

/**
 * Kafka did not acknowledge an event within the publish timeout, or refused it; the event
 * may be retried.
 */
public class PublishFailedException extends RuntimeException {

	public PublishFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
