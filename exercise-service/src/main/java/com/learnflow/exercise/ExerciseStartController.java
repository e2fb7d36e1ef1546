package com.learnflow.exercise;

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

/** An exercise start becomes one {@code exercise.started} event, keyed by the student's {@code user_id}. */
@RestController
class ExerciseStartController {

	private final EventIngestion ingestion;

	private final Clock clock;

	ExerciseStartController(EventIngestion ingestion, Clock clock) {
		this.ingestion = ingestion;
		this.clock = clock;
	}

	@PostMapping(path = "/api/v1/exercise-starts", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<AcceptedEvent> start(@Valid @RequestBody ExerciseStartRequest request) {
		return this.ingestion.accept(TopicCatalog.EXERCISE_STARTED, request.toEvent(this.clock));
	}

}
