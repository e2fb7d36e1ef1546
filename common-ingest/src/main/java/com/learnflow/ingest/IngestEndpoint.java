package com.learnflow.ingest;

import com.learnflow.events.EventTopic;
import com.learnflow.events.LearnFlowEvent;

/**
 * A controller that turns requests into events of one topic. Knowing the topic of every endpoint lets the shared
 * error handling count a rejected request against the topic it was meant for.
 *
 * @param <E> the event the endpoint publishes
 */
public interface IngestEndpoint<E extends LearnFlowEvent> {

	/** The request header whose value makes a retried request yield the same event. */
	String IDEMPOTENCY_KEY = "Idempotency-Key";

	EventTopic<E> topic();

}
