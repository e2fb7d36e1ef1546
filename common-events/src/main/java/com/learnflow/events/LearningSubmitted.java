package com.learnflow.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A student submitted an assignment or quiz and received a score from 0 to 100.
 *
 * <p>
 * Published to {@code learning.submitted}, keyed by {@code user_id}.
 */
@JsonPropertyOrder({ "event_type", "user_id", "class_id", "quiz_id", "submitted_at", "score" })
public record LearningSubmitted(@JsonProperty("event_type") String eventType, @JsonProperty("user_id") UUID userId,
		@JsonProperty("class_id") UUID classId, @JsonProperty("quiz_id") UUID quizId,
		@JsonProperty("submitted_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant submittedAt,
		@JsonProperty("score") double score) implements LearnFlowEvent {

	public static final String EVENT_TYPE = "submission";

	public static final double MIN_SCORE = 0;

	public static final double MAX_SCORE = 100;

	public LearningSubmitted {
		eventType = EventFields.eventType(EVENT_TYPE, eventType);
		EventFields.required("user_id", userId);
		EventFields.required("class_id", classId);
		EventFields.required("quiz_id", quizId);
		submittedAt = EventFields.timestamp("submitted_at", submittedAt);
		EventFields.between("score", score, MIN_SCORE, MAX_SCORE);
	}

	public LearningSubmitted(UUID userId, UUID classId, UUID quizId, Instant submittedAt, double score) {
		this(EVENT_TYPE, userId, classId, quizId, submittedAt, score);
	}

}
