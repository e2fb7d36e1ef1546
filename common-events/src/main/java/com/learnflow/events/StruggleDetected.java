package com.learnflow.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The detector found that a student struggles, how sure it is, and what should be done
 * about it.
 *
 * <p>
 * Published to {@code struggle.detected}, keyed by {@code user_id}.
 */
@JsonPropertyOrder({ "event_type", "user_id", "struggle_type", "confidence", "recommended_action", "detected_at" })
public record StruggleDetected(@JsonProperty("event_type") String eventType, @JsonProperty("user_id") UUID userId,
		@JsonProperty("struggle_type") String struggleType, @JsonProperty("confidence") double confidence,
		@JsonProperty("recommended_action") String recommendedAction,
		@JsonProperty("detected_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant detectedAt)
		implements
			LearnFlowEvent {

	public static final String EVENT_TYPE = "struggle_detected";

	/**
	 * In characters (Unicode code points), for struggle_type and recommended_action:
	 * printable, on one line.
	 */
	public static final int MAX_NAME_LENGTH = 64;

	public StruggleDetected {
		eventType = EventFields.eventType(EVENT_TYPE, eventType);
		EventFields.required("user_id", userId);
		EventFields.text("struggle_type", struggleType, MAX_NAME_LENGTH);
		EventFields.between("confidence", confidence, 0, 1);
		EventFields.text("recommended_action", recommendedAction, MAX_NAME_LENGTH);
		detectedAt = EventFields.timestamp("detected_at", detectedAt);
	}

	public StruggleDetected(UUID userId, String struggleType, double confidence, String recommendedAction,
			Instant detectedAt) {
		this(EVENT_TYPE, userId, struggleType, confidence, recommendedAction, detectedAt);
	}

}
