package com.learnflow.exercise;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.learnflow.events.EventTimeWindow;
import com.learnflow.events.ExerciseStarted;

/**
 * An exercise start as the frontend posts it: the documented {@code exercise.started}
 * fields, with {@code started_at} set by the server when absent and, when given, within
 * the event-time window.
 */
record ExerciseStartRequest(
		@JsonProperty("event_type") @Pattern(regexp = "^" + ExerciseStarted.EVENT_TYPE + "$",
				message = "must be \"" + ExerciseStarted.EVENT_TYPE + "\"") String eventType,
		@JsonProperty("user_id") @NotNull UUID userId, @JsonProperty("exercise_id") @NotNull UUID exerciseId,
		@JsonProperty("started_at") OffsetDateTime startedAt) {

	ExerciseStarted toEvent(Clock clock, EventTimeWindow window) {
		Instant now = clock.instant();
		Instant at = (this.startedAt != null) ? window.check("started_at", this.startedAt.toInstant(), now) : now;
		return new ExerciseStarted(this.userId, this.exerciseId, at);
	}

}
