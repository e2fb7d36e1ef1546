package com.learnflow.exercise;

import java.time.Clock;

import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.learnflow.events.EventTimeWindow;
import com.learnflow.events.EventTopic;
import com.learnflow.events.ExerciseStarted;
import com.learnflow.events.TopicCatalog;
import com.learnflow.ingest.AcceptedEvent;
import com.learnflow.ingest.EventIngestion;
import com.learnflow.ingest.IngestEndpoint;

/** An exercise start becomes one {@code exercise.started} event, keyed by the student's {@code user_id}. */
@RestController
class ExerciseStartController implements IngestEndpoint<ExerciseStarted> {

	private final EventIngestion ingestion;

	private final Clock clock;

	private final EventTimeWindow window;

	ExerciseStartController(EventIngestion ingestion, Clock clock, EventTimeWindow window) {
		this.ingestion = ingestion;
		this.clock = clock;
		this.window = window;
	}

	@Override
	public EventTopic<ExerciseStarted> topic() {
		return TopicCatalog.EXERCISE_STARTED;
	}

	@PostMapping(path = "/api/v1/exercise-starts", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<AcceptedEvent> start(@Valid @RequestBody ExerciseStartRequest request,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
		return this.ingestion.accept(this, request, () -> request.toEvent(this.clock, this.window), idempotencyKey);
	}

}
