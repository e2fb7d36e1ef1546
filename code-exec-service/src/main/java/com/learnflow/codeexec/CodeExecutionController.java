package com.learnflow.codeexec;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.learnflow.ingest.AcceptedEvent;
import com.learnflow.ingest.BatchAnswer;
import com.learnflow.ingest.BatchIngestion;
import com.learnflow.ingest.EventIngestion;

/**
 * A code execution becomes one {@code code.executed} event, keyed by its coding
 * {@code session_id}.
 */
@RestController
class CodeExecutionController {

	private final EventIngestion ingestion;

	private final BatchIngestion batches;

	CodeExecutionController(EventIngestion ingestion, BatchIngestion batches) {
		this.ingestion = ingestion;
		this.batches = batches;
	}

	@PostMapping(path = "/api/v1/code-executions", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<AcceptedEvent> record(@Valid @RequestBody CodeExecutionRequest request,
			@RequestHeader(name = EventIngestion.IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
		return this.ingestion.publish(request, request.toEvent(), idempotencyKey);
	}

	/**
	 * A batch of code executions (a class's runs reported at once): each item as one
	 * {@code POST /api/v1/code-executions}.
	 */
	@PostMapping(path = "/api/v1/code-executions/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<BatchAnswer> recordBatch(HttpServletRequest request,
			@RequestHeader(name = EventIngestion.IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
		return this.batches.publish(request, CodeExecutionRequest.class, CodeExecutionRequest::toEvent, idempotencyKey);
	}

}
