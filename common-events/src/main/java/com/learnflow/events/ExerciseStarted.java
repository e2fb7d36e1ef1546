package com.learnflow.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A student began an exercise.
 *
 * <p>
 * Published to {@code exercise.started}, keyed by {@code user_id}.
 */
@JsonPropertyOrder({ "event_type", "user_id", "exercise_id", "started_at" })
public record ExerciseStarted(@JsonProperty("event_type") String eventType, @JsonProperty("user_id") UUID userId,
		@JsonProperty("exercise_id") UUID exerciseId,
		@JsonProperty("started_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant startedAt)
		implements
			LearnFlowEvent {

	public static final String EVENT_TYPE = "exercise_started";

	public ExerciseStarted {
		eventType = EventFields.eventType(EVENT_TYPE, eventType);
		EventFields.required("user_id", userId);
		EventFields.required("exercise_id", exerciseId);
		startedAt = EventFields.timestamp("started_at", startedAt);
	}

	public ExerciseStarted(UUID userId, UUID exerciseId, Instant startedAt) {
		this(EVENT_TYPE, userId, exerciseId, startedAt);
	}

}
