package com.learnflow.submission;

import java.nio.charset.StandardCharsets;
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
 * HTTP to the broker and back: a submission is answered 202 with the position of a record on
 * {@code learning.submitted} that carries exactly the documented JSON, keyed by {@code user_id}. Runs against the
 * broker of each subclass.
 */
abstract class SubmissionRoundTripTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	KafkaConnectionDetails kafka;

	@Test
	void aSubmissionIsOnLearningSubmittedKeyedByUserWhenAnswered202() {
		UUID user = UUID.randomUUID();
		UUID classId = UUID.randomUUID();
		UUID quiz = UUID.randomUUID();
		IngestRoundTrip trip = post("""
				{"event_type": "submission", "user_id": "%s", "class_id": "%s", "quiz_id": "%s",
				 "submitted_at": "2024-01-15T10:30:00Z", "score": 85.5}""".formatted(user, classId, quiz), user);

		assertThat(trip.record().value()).isEqualTo("{\"event_type\":\"submission\",\"user_id\":\"" + user
				+ "\",\"class_id\":\"" + classId + "\",\"quiz_id\":\"" + quiz
				+ "\",\"submitted_at\":\"2024-01-15T10:30:00Z\",\"score\":85.5}");
		assertThat(trip.header("ce_type")).isEqualTo("com.learnflow.submission");
		assertThat(trip.header("ce_source")).isEqualTo("/learnflow/submission-service");
	}

	@Test
	void theServerSetsAMissingSubmissionTimeAndNormalisesAnOffsetToUtc() {
		UUID user = UUID.randomUUID();
		IngestRoundTrip serverTime = post("""
				{"user_id": "%s", "class_id": "%s", "quiz_id": "%s", "score": 42}"""
			.formatted(user, UUID.randomUUID(), UUID.randomUUID()), user);
		assertThat(serverTime.value().get("event_type").asString()).isEqualTo("submission");
		assertThat(serverTime.value().get("submitted_at").asString())
			.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z");
		assertThat(serverTime.value().get("score").asDouble()).isEqualTo(42.0);

		UUID other = UUID.randomUUID();
		IngestRoundTrip offset = post("""
				{"user_id": "%s", "class_id": "%s", "quiz_id": "%s", "score": 0,
				 "submitted_at": "2024-01-15T12:30:00.123456+02:00"}"""
			.formatted(other, UUID.randomUUID(), UUID.randomUUID()), other);
		assertThat(offset.value().get("submitted_at").asString()).isEqualTo("2024-01-15T10:30:00.123Z");
	}

	static final String VALID = """
			{"user_id": "%s", "class_id": "%s", "quiz_id": "%s", "score": 85.5}"""
		.formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

	/** Each bad submission, the status it gets and the field its answer names. */
	static Stream<RefusedRequest> refusedSubmissions() {
		return Stream.of(
				RefusedRequest.json("malformed JSON", "{\"user_id\": ", 400, null),
				RefusedRequest.json("a JSON array instead of an object", "[]", 400, null),
				RefusedRequest.json("an empty body", "", 400, null),
				RefusedRequest.json("score as text", VALID.replace("85.5", "\"85.5\""), 400, "score"),
				RefusedRequest.json("score above 100", VALID.replace("85.5", "100.01"), 400, "score"),
				RefusedRequest.json("negative score", VALID.replace("85.5", "-0.5"), 400, "score"),
				RefusedRequest.json("score missing", VALID.replace(", \"score\": 85.5", ""), 400, "score"),
				RefusedRequest.json("class_id missing", VALID.replaceFirst("\"class_id\": \"[^\"]+\", ", ""), 400,
						"class_id"),
				RefusedRequest.json("quiz_id not a UUID", VALID.replaceFirst("\"quiz_id\": \"[^\"]+\"",
						"\"quiz_id\": \"uuid\""), 400, "quiz_id"),
				RefusedRequest.json("unknown field (a typo of score)", VALID.replace("\"score\"", "\"scor\""), 400,
						"scor"),
				RefusedRequest.json("event_type of another endpoint",
						VALID.replace("{", "{\"event_type\": \"code_execution\", "), 400, "event_type"),
				RefusedRequest.json("submitted_at without an offset",
						VALID.replace("}", ", \"submitted_at\": \"2024-01-15T10:30:00\"}"), 400, "submitted_at"),
				RefusedRequest.json("body over 64 KiB", VALID.replace("}", ", \"x\": \"" + "x".repeat(70_000) + "\"}"),
						413, null),
				RefusedRequest.json("plain text", "score=85", 415, null).withContentType("text/plain"),
				RefusedRequest.json("an empty Idempotency-Key", VALID, 400, "Idempotency-Key")
					.withHeader("Idempotency-Key", " "));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedSubmissions")
	void aBadSubmissionIsRefusedNamingTheFieldAndNothingIsPublished(RefusedRequest request) {
		request.assertRefused(this.port, "/api/v1/submissions", this.kafka.getBootstrapServers().get(0),
				"learning.submitted");
	}

	@Test
	void theRequestsTraceparentTravelsIntoTheRecordHeaders() {
		UUID user = UUID.randomUUID();
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		var response = HttpJson.post(this.port, "/api/v1/submissions", """
				{"user_id": "%s", "class_id": "%s", "quiz_id": "%s", "score": 10}"""
			.formatted(user, UUID.randomUUID(), UUID.randomUUID()),
				Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
		assertThat(response.statusCode()).isEqualTo(202);

		try (TopicRecords topic = TopicRecords.of(this.kafka.getBootstrapServers().get(0), "learning.submitted")) {
			var header = topic.awaitKey(user.toString()).headers().lastHeader("traceparent");
			assertThat(header).as("traceparent header").isNotNull();
			assertThat(new String(header.value(), StandardCharsets.UTF_8)).startsWith("00-" + traceId + "-");
		}
	}

	@Test
	void prometheusShowsAcceptedAndRejectedEventsPerTopicAndPublishLatency() {
		post("""
				{"user_id": "%s", "class_id": "%s", "quiz_id": "%s", "score": 1}"""
			.formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()), null);
		HttpJson.post(this.port, "/api/v1/submissions", "{\"scor\": 1}");

		String metrics = HttpJson.get(this.port, "/actuator/prometheus").body();
		assertThat(metrics)
			.containsPattern("learnflow_ingest_events_total\\{outcome=\"accepted\",reason=\"none\",topic=\"learning.submitted\"} [1-9]")
			.containsPattern("learnflow_ingest_events_total\\{outcome=\"rejected\",reason=\"unknown_field\",topic=\"learning.submitted\"} [1-9]")
			.containsPattern("learnflow_ingest_publish_seconds\\{outcome=\"acknowledged\",topic=\"learning.submitted\",quantile=\"0.99\"}")
			.containsPattern("learnflow_ingest_publish_seconds_count\\{outcome=\"acknowledged\",topic=\"learning.submitted\"} [1-9]")
			.contains("kafka_producer_record_send_total");
	}

	@Test
	void aChunkedBodyOver64KiBIsRefusedWhileItIsRead() {
		var tooLarge = HttpJson.postChunked(this.port, "/api/v1/submissions",
				VALID.replace("}", ", \"x\": \"" + "x".repeat(70_000) + "\"}"));
		assertThat(tooLarge.statusCode()).isEqualTo(413);
		assertThat(tooLarge.headers().firstValue("Content-Type")).hasValue("application/problem+json");

		UUID user = UUID.randomUUID();
		var justRight = HttpJson.postChunked(this.port, "/api/v1/submissions", """
				{"user_id": "%s", "class_id": "%s", "quiz_id": "%s", "score": 85.5}"""
			.formatted(user, UUID.randomUUID(), UUID.randomUUID()));
		assertThat(justRight.statusCode()).as(justRight.body()).isEqualTo(202);
	}

	@Test
	void theReferenceSampleIsAcceptedAsItIs() {
		UUID user = UUID.randomUUID();
		IngestRoundTrip trip = post("""
				{
				  "event_type": "submission",
				  "user_id": "%s",
				  "class_id": "%s",
				  "quiz_id": "%s",
				  "submitted_at": "2024-01-15T10:30:00Z",
				  "score": 85.5
				}""".formatted(user, UUID.randomUUID(), UUID.randomUUID()), user);
		assertThat(trip.value().get("score").asDouble()).isEqualTo(85.5);
	}

	@Test
	void theServedOpenApiDescriptionIsTheCommittedOne() {
		OpenApiDocument.assertServedMatchesCommitted(this.port, "submission-service");
	}

	private IngestRoundTrip post(String json, UUID user) {
		String key = (user != null) ? user.toString() : JSON.readTree(json).get("user_id").asString();
		return IngestRoundTrip.post(this.port, "/api/v1/submissions", json, this.kafka.getBootstrapServers().get(0),
				"learning.submitted", key);
	}

}
