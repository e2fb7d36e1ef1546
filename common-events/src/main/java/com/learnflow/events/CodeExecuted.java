package com.learnflow.events;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A student ran code in a coding session; it either succeeded or failed with an error.
 *
 * <p>
 * Published to {@code code.executed}, keyed by {@code session_id}. The schema has no
 * timestamp: the record's Kafka timestamp is the time of the execution.
 */
@JsonPropertyOrder({ "event_type", "user_id", "session_id", "language", "execution_time_ms", "success", "error" })
public record CodeExecuted(@JsonProperty("event_type") String eventType, @JsonProperty("user_id") UUID userId,
		@JsonProperty("session_id") UUID sessionId, @JsonProperty("language") String language,
		@JsonProperty("execution_time_ms") long executionTimeMs, @JsonProperty("success") boolean success,
		@JsonProperty("error") @JsonInclude(JsonInclude.Include.ALWAYS) String error) implements LearnFlowEvent {

	public static final String EVENT_TYPE = "code_execution";

	/**
	 * In characters (Unicode code points); a language is printable, on one line and not
	 * blank.
	 */
	public static final int MAX_LANGUAGE_LENGTH = 32;

	/**
	 * In characters (Unicode code points); an error may span lines (tab, line feed,
	 * carriage return).
	 */
	public static final int MAX_ERROR_LENGTH = 8192;

	/** One hour: a sandbox run longer than that is not a real run. */
	public static final long MAX_EXECUTION_TIME_MS = 3_600_000;

	public CodeExecuted {
		eventType = EventFields.eventType(EVENT_TYPE, eventType);
		EventFields.required("user_id", userId);
		EventFields.required("session_id", sessionId);
		EventFields.text("language", language, MAX_LANGUAGE_LENGTH);
		EventFields.between("execution_time_ms", executionTimeMs, 0, MAX_EXECUTION_TIME_MS);
		EventFields.optionalMultilineText("error", error, MAX_ERROR_LENGTH);
	}

	public CodeExecuted(UUID userId, UUID sessionId, String language, long executionTimeMs, boolean success,
			String error) {
		this(EVENT_TYPE, userId, sessionId, language, executionTimeMs, success, error);
	}

}
