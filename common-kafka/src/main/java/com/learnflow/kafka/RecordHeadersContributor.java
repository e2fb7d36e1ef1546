package com.learnflow.kafka;

import org.apache.kafka.common.header.Headers;

/**
 * Adds headers of the current request to each record the {@link EventPublisher} sends,
 * for example the W3C trace context; called on the sending thread.
 */
@FunctionalInterface
public interface RecordHeadersContributor {

	/** Contributes nothing. */
	RecordHeadersContributor NONE = (headers) -> {
	};

	void contribute(Headers headers);

}
