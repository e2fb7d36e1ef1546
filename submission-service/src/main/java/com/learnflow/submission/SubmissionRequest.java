package com.learnflow.submission;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.learnflow.events.EventTimeWindow;
import com.learnflow.events.LearningSubmitted;

/**
 * A submission as the frontend posts it: the documented {@code learning.submitted}
 * fields, with {@code submitted_at} set by the server when absent and, when given, within
 * the event-time window.
 */
record SubmissionRequest(
		@JsonProperty("event_type") @Pattern(regexp = "^" + LearningSubmitted.EVENT_TYPE + "$",
				message = "must be \"" + LearningSubmitted.EVENT_TYPE + "\"") String eventType,
		@JsonProperty("user_id") @NotNull UUID userId, @JsonProperty("class_id") @NotNull UUID classId,
		@JsonProperty("quiz_id") @NotNull UUID quizId, @JsonProperty("submitted_at") OffsetDateTime submittedAt,
		@JsonProperty("score") @NotNull @DecimalMin("" + (int) LearningSubmitted.MIN_SCORE) @DecimalMax(""
				+ (int) LearningSubmitted.MAX_SCORE) Double score) {

	LearningSubmitted toEvent(Clock clock, EventTimeWindow window) {
		Instant now = clock.instant();
		Instant at = (this.submittedAt != null) ? window.check("submitted_at", this.submittedAt.toInstant(), now) : now;
		return new LearningSubmitted(this.userId, this.classId, this.quizId, at, this.score);
	}

}
