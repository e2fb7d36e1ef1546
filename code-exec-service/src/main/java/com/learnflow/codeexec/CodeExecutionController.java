package com.learnflow.codeexec;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

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
import com.learnflow.ingest.IngestEndpoint;

/** A code execution becomes one {@code code.executed} event, keyed by its coding {@code session_id}. */
@RestController
class CodeExecutionController implements IngestEndpoint<CodeExecuted> {

	private final EventIngestion ingestion;

	private final BatchIngestion batches;

	CodeExecutionController(EventIngestion ingestion, BatchIngestion batches) {
		this.ingestion = ingestion;
		this.batches = batches;
	}

	@Override
	public EventTopic<CodeExecuted> topic() {
		return TopicCatalog.CODE_EXECUTED;
	}

	@PostMapping(path = "/api/v1/code-executions", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<AcceptedEvent> record(@Valid @RequestBody CodeExecutionRequest request,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
		return this.ingestion.accept(this, request, () -> request.toEvent(), idempotencyKey);
	}

	/**
	 * A batch of code executions (a class's runs reported at once): each item as one
	 * {@code POST /api/v1/code-executions}.
	 */
	@PostMapping(path = "/api/v1/code-executions/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<BatchAnswer> recordBatch(HttpServletRequest request,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
		return this.batches.accept(this, request, CodeExecutionRequest.class, CodeExecutionRequest::toEvent,
				idempotencyKey);
	}

}
