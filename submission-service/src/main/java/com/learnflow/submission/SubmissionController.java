package com.learnflow.submission;

import java.time.Clock;

import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.learnflow.events.TopicCatalog;
import com.learnflow.ingest.AcceptedEvent;
import com.learnflow.ingest.EventIngestion;

/** A submission becomes one {@code learning.submitted} event, keyed by the student's {@code user_id}. */
@RestController
class SubmissionController {

	private final EventIngestion ingestion;

	private final Clock clock;

	SubmissionController(EventIngestion ingestion, Clock clock) {
		this.ingestion = ingestion;
		this.clock = clock;
	}

	@PostMapping(path = "/api/v1/submissions", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<AcceptedEvent> submit(@Valid @RequestBody SubmissionRequest request) {
		return this.ingestion.accept(TopicCatalog.LEARNING_SUBMITTED, request.toEvent(this.clock));
	}

}
