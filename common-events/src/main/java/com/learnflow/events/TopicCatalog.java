package com.learnflow.events;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one source of truth for LearnFlow's topics: names, partitions, retention, keys and
 * event types.
 *
 * <p>
 * Code, manifests and tests take these values from here rather than repeating them.
 */
public final class TopicCatalog {

	/** Three partitions per topic: three consumers of a group share the work at most. */
	public static final int PARTITIONS = 3;

	/** Learning activity is kept for a week, so that consumers can replay it. */
	public static final Duration ACTIVITY_RETENTION = Duration.ofDays(7);

	/** Alerts are actionable for a short time only. */
	public static final Duration ALERT_RETENTION = Duration.ofDays(3);

	/** Suffix of the dead-letter topic that belongs to each topic. */
	public static final String DEAD_LETTER_SUFFIX = ".dlt";

	public static final EventTopic<LearningSubmitted> LEARNING_SUBMITTED = new EventTopic<>("learning.submitted",
			PARTITIONS, ACTIVITY_RETENTION, LearningSubmitted.class, LearningSubmitted.EVENT_TYPE, "user_id",
			LearningSubmitted::userId);

	public static final EventTopic<CodeExecuted> CODE_EXECUTED = new EventTopic<>("code.executed", PARTITIONS,
			ACTIVITY_RETENTION, CodeExecuted.class, CodeExecuted.EVENT_TYPE, "session_id", CodeExecuted::sessionId);

	public static final EventTopic<ExerciseStarted> EXERCISE_STARTED = new EventTopic<>("exercise.started", PARTITIONS,
			ACTIVITY_RETENTION, ExerciseStarted.class, ExerciseStarted.EVENT_TYPE, "user_id", ExerciseStarted::userId);

	public static final EventTopic<StruggleDetected> STRUGGLE_DETECTED = new EventTopic<>("struggle.detected",
			PARTITIONS, ALERT_RETENTION, StruggleDetected.class, StruggleDetected.EVENT_TYPE, "user_id",
			StruggleDetected::userId);

	private static final List<EventTopic<?>> ALL = List.of(LEARNING_SUBMITTED, CODE_EXECUTED, EXERCISE_STARTED,
			STRUGGLE_DETECTED);

	private static final List<EventTopic<?>> ACTIVITY = List.of(LEARNING_SUBMITTED, CODE_EXECUTED, EXERCISE_STARTED);

	private TopicCatalog() {
	}

	/** The three topics of learning activity, in a stable order: the detector's input. */
	public static List<EventTopic<?>> activity() {
		return ACTIVITY;
	}

	/** Every topic of the catalog, in a stable order. */
	public static List<EventTopic<?>> all() {
		return ALL;
	}

	public static Optional<EventTopic<?>> byName(String name) {
		return ALL.stream().filter((topic) -> topic.name().equals(name)).findFirst();
	}

}
