package com.learnflow.submission;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.learnflow.events.EventTimeWindow;
import com.learnflow.ingest.AcceptedEvent;
import com.learnflow.ingest.BatchAnswer;
import com.learnflow.ingest.BatchIngestion;
import com.learnflow.ingest.EventIngestion;

/**
 * A submission becomes one {@code learning.submitted} event, keyed by the student's
 * {@code user_id}.
 */
@RestController
class SubmissionController {

	private final EventIngestion ingestion;

	private final BatchIngestion batches;

	private final Clock clock;

	private final EventTimeWindow window;

	SubmissionController(EventIngestion ingestion, BatchIngestion batches, Clock clock, EventTimeWindow window) {
		this.ingestion = ingestion;
		this.batches = batches;
		this.clock = clock;
		this.window = window;
	}

	@PostMapping(path = "/api/v1/submissions", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<AcceptedEvent> submit(@Valid @RequestBody SubmissionRequest request,
			@RequestHeader(name = EventIngestion.IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
		return this.ingestion.publish(request, request.toEvent(this.clock, this.window), idempotencyKey);
	}

	/**
	 * A batch of submissions (the frontend's buffered events): each item as one
	 * {@code POST /api/v1/submissions}.
	 */
	@PostMapping(path = "/api/v1/submissions/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<BatchAnswer> submitBatch(HttpServletRequest request,
			@RequestHeader(name = EventIngestion.IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
		return this.batches.publish(request, SubmissionRequest.class, (item) -> item.toEvent(this.clock, this.window),
				idempotencyKey);
	}

}
