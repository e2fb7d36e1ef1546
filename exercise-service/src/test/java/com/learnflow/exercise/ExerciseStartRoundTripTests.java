package com.learnflow.exercise;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.learnflow.test.HttpJson;
import com.learnflow.test.IngestRoundTrip;
import com.learnflow.test.OpenApiDocument;
import com.learnflow.test.RefusedRequest;
import com.learnflow.test.TopicRecords;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP to the broker and back: an exercise start is answered 202 with the position of a record on
 * {@code exercise.started} that carries exactly the documented JSON, keyed by {@code user_id}. Runs against the
 * broker of each subclass.
 */
abstract class ExerciseStartRoundTripTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

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

	static final String VALID = """
			{"user_id": "%s", "exercise_id": "%s"}""".formatted(UUID.randomUUID(), UUID.randomUUID());

	/** Each bad exercise start, the status it gets and the field its answer names. */
	static Stream<RefusedRequest> refusedStarts() {
		return Stream.of(
				RefusedRequest.json("event_type of another endpoint",
						VALID.replace("{", "{\"event_type\": \"submission\", "), 400, "event_type"),
				RefusedRequest.json("exercise_id missing", VALID.replaceFirst(", \"exercise_id\": \"[^\"]+\"", ""),
						400, "exercise_id"),
				RefusedRequest.json("started_at not a timestamp",
						VALID.replace("}", ", \"started_at\": \"yesterday\"}"), 400, "started_at"),
				RefusedRequest.json("exercise_id null", VALID.replaceFirst("\"exercise_id\": \"[^\"]+\"",
						"\"exercise_id\": null"), 400, "exercise_id"),
				RefusedRequest.json("GET instead of POST", null, 405, null).withMethod("GET").withContentType(null),
				RefusedRequest.json("an Idempotency-Key over 255 characters", VALID, 400, "Idempotency-Key")
					.withHeader("Idempotency-Key", "k".repeat(256)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedStarts")
	void aBadExerciseStartIsRefusedNamingTheFieldAndNothingIsPublished(RefusedRequest request) {
		request.assertRefused(this.port, "/api/v1/exercise-starts", this.kafka.getBootstrapServers().get(0),
				"exercise.started");
	}

	@Test
	void theSameIdempotencyKeyYieldsTheSameEventOnce() {
		UUID user = UUID.randomUUID();
		String body = """
				{"user_id": "%s", "exercise_id": "%s"}""".formatted(user, UUID.randomUUID());
		String key = "retry-" + UUID.randomUUID();
		var first = HttpJson.post(this.port, "/api/v1/exercise-starts", body, Map.of("Idempotency-Key", key));
		var retry = HttpJson.post(this.port, "/api/v1/exercise-starts", body, Map.of("Idempotency-Key", key));
		var other = HttpJson.post(this.port, "/api/v1/exercise-starts", body,
				Map.of("Idempotency-Key", key + "-other"));

		assertThat(List.of(first.statusCode(), retry.statusCode(), other.statusCode())).containsOnly(202);
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(JSON.readTree(other.body()).get("event_id")).isNotEqualTo(JSON.readTree(first.body()).get("event_id"));
		try (TopicRecords topic = TopicRecords.of(this.kafka.getBootstrapServers().get(0), "exercise.started")) {
			assertThat(topic.awaitMatching((record) -> user.toString().equals(record.key()), 2, Duration.ofSeconds(30)))
				.as("one record per key").hasSize(2);
			assertThat(topic.drain(Duration.ofSeconds(1)).matching((record) -> user.toString().equals(record.key())))
				.hasSize(2);
		}

		var reused = HttpJson.post(this.port, "/api/v1/exercise-starts", body.replace("}", ", \"started_at\": \"2024-01-15T10:00:00Z\"}"),
				Map.of("Idempotency-Key", key));
		assertThat(reused.statusCode()).as(reused.body()).isEqualTo(422);
		assertThat(reused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void theServedOpenApiDescriptionIsTheCommittedOne() {
		OpenApiDocument.assertServedMatchesCommitted(this.port, "exercise-service");
	}

	private IngestRoundTrip post(String json, UUID user) {
		return IngestRoundTrip.post(this.port, "/api/v1/exercise-starts", json,
				this.kafka.getBootstrapServers().get(0), "exercise.started", user.toString());
	}

}
