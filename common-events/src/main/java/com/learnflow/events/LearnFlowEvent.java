package com.learnflow.events;

import java.util.UUID;

/**
 * An event of the LearnFlow platform, as it travels on its Kafka topic.
 *
 * <p>
 * Each implementation is an immutable record whose JSON form is exactly the documented
 * schema (see {@code schemas/<topic>.schema.json}); its constructor enforces the same
 * constraints as that schema, so an instance that exists is an instance that may be
 * published.
 */
public sealed interface LearnFlowEvent permits LearningSubmitted, CodeExecuted, ExerciseStarted, StruggleDetected {

	/** The documented {@code event_type} value of this kind of event. */
	String eventType();

	/** The student the event is about. */
	UUID userId();

}
