package com.learnflow.exercise;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.learnflow.test.HttpJson;
import com.learnflow.test.IngestRoundTrip;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP to the broker and back: an exercise start is answered 202 with the position of a record on
 * {@code exercise.started} that carries exactly the documented JSON, keyed by {@code user_id}. Runs against the
 * broker of each subclass.
 */
abstract class ExerciseStartRoundTripTests {

	@LocalServerPort
	int port;

	@Autowired
	KafkaConnectionDetails kafka;

	@Test
	void anExerciseStartIsOnExerciseStartedKeyedByUser() {
		UUID user = UUID.randomUUID();
		UUID exercise = UUID.randomUUID();
		IngestRoundTrip trip = post("""
				{"event_type": "exercise_started", "user_id": "%s", "exercise_id": "%s",
				 "started_at": "2024-01-15T10:00:00Z"}""".formatted(user, exercise), user);

		assertThat(trip.record().value()).isEqualTo("{\"event_type\":\"exercise_started\",\"user_id\":\"" + user
				+ "\",\"exercise_id\":\"" + exercise + "\",\"started_at\":\"2024-01-15T10:00:00Z\"}");
		assertThat(trip.header("ce_type")).isEqualTo("com.learnflow.exercise_started");
		assertThat(trip.header("ce_source")).isEqualTo("/learnflow/exercise-service");
	}

	@Test
	void aWrongEventTypeIsRefusedNamingTheField() {
		var response = HttpJson.post(this.port, "/api/v1/exercise-starts", """
				{"event_type": "submission", "user_id": "%s", "exercise_id": "%s"}"""
			.formatted(UUID.randomUUID(), UUID.randomUUID()));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"field\":\"event_type\"");
	}

	private IngestRoundTrip post(String json, UUID user) {
		return IngestRoundTrip.post(this.port, "/api/v1/exercise-starts", json,
				this.kafka.getBootstrapServers().get(0), "exercise.started", user.toString());
	}

}
