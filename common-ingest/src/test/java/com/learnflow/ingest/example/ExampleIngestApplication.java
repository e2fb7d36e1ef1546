package com.learnflow.ingest.example;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.learnflow.events.CodeExecuted;
import com.learnflow.events.EventTopic;
import com.learnflow.events.TopicCatalog;
import com.learnflow.ingest.AcceptedEvent;
import com.learnflow.ingest.BatchAnswer;
import com.learnflow.ingest.BatchIngestion;
import com.learnflow.ingest.EventIngestion;

/**
 * The smallest ingest service, for the tests of what every ingest service shares: one
 * endpoint and its batch, built as the three services are, publishing code executions to
 * {@code code.executed}.
 */
@SpringBootApplication
class ExampleIngestApplication {

	static final String PATH = "/api/v1/examples";

	static final String TOPIC = TopicCatalog.CODE_EXECUTED.name();

	@Bean
	EventTopic<CodeExecuted> publishedTopic() {
		return TopicCatalog.CODE_EXECUTED;
	}

	@RestController
	static class ExampleController {

		private final EventIngestion ingestion;

		private final BatchIngestion batches;

		ExampleController(EventIngestion ingestion, BatchIngestion batches) {
			this.ingestion = ingestion;
			this.batches = batches;
		}

		@PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
		ResponseEntity<AcceptedEvent> record(@Valid @RequestBody ExampleRequest request,
				@RequestHeader(name = EventIngestion.IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
			return this.ingestion.publish(request, request.toEvent(), idempotencyKey);
		}

		@PostMapping(path = PATH + "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
		ResponseEntity<BatchAnswer> recordBatch(HttpServletRequest request,
				@RequestHeader(name = EventIngestion.IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
			return this.batches.publish(request, ExampleRequest.class, ExampleRequest::toEvent, idempotencyKey);
		}

	}

	/**
	 * A code execution with only the fields these tests need.
	 *
	 * @param userId the student
	 * @param sessionId the coding session, the record's key
	 * @param success whether the code ran without an error
	 */
	record ExampleRequest(@JsonProperty("user_id") @NotNull UUID userId,
			@JsonProperty("session_id") @NotNull UUID sessionId, @JsonProperty("success") @NotNull Boolean success) {

		CodeExecuted toEvent() {
			return new CodeExecuted(this.userId, this.sessionId, "python", 1, this.success,
					this.success ? null : "NameError");
		}

	}

}
