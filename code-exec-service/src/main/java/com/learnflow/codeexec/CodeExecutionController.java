package com.learnflow.codeexec;

import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.learnflow.events.TopicCatalog;
import com.learnflow.ingest.AcceptedEvent;
import com.learnflow.ingest.EventIngestion;

/** A code execution becomes one {@code code.executed} event, keyed by its coding {@code session_id}. */
@RestController
class CodeExecutionController {

	private final EventIngestion ingestion;

	CodeExecutionController(EventIngestion ingestion) {
		this.ingestion = ingestion;
	}

	@PostMapping(path = "/api/v1/code-executions", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<AcceptedEvent> record(@Valid @RequestBody CodeExecutionRequest request) {
		return this.ingestion.accept(TopicCatalog.CODE_EXECUTED, request.toEvent());
	}

}
