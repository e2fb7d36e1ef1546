package com.learnflow.codeexec;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.learnflow.events.CodeExecuted;
import com.learnflow.ingest.TextField;

/**
 * A code execution as the frontend posts it: the documented {@code code.executed} fields.
 */
record CodeExecutionRequest(
		@JsonProperty("event_type") @Pattern(regexp = "^" + CodeExecuted.EVENT_TYPE + "$",
				message = "must be \"" + CodeExecuted.EVENT_TYPE + "\"") String eventType,
		@JsonProperty("user_id") @NotNull UUID userId, @JsonProperty("session_id") @NotNull UUID sessionId,
		@JsonProperty("language") @NotBlank @TextField(maxLength = CodeExecuted.MAX_LANGUAGE_LENGTH) String language,
		@JsonProperty("execution_time_ms") @NotNull @Min(0) @Max(CodeExecuted.MAX_EXECUTION_TIME_MS) Long executionTimeMs,
		@JsonProperty("success") @NotNull Boolean success,
		@JsonProperty("error") @TextField(maxLength = CodeExecuted.MAX_ERROR_LENGTH, multiline = true) String error) {

	CodeExecuted toEvent() {
		return new CodeExecuted(this.userId, this.sessionId, this.language, this.executionTimeMs, this.success,
				this.error);
	}

}
