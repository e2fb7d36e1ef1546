package com.learnflow.submission;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.learnflow.test.HttpJson;
import com.learnflow.test.IngestRoundTrip;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP to the broker and back: a submission is answered 202 with the position of a record on
 * {@code learning.submitted} that carries exactly the documented JSON, keyed by {@code user_id}. Runs against the
 * broker of each subclass.
 */
abstract class SubmissionRoundTripTests {

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

	@Test
	void anInvalidSubmissionIsAProblemNamingTheField() {
		var response = HttpJson.post(this.port, "/api/v1/submissions", """
				{"user_id": "%s", "class_id": "%s", "quiz_id": "not-a-uuid", "score": 85}"""
			.formatted(UUID.randomUUID(), UUID.randomUUID()));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"field\":\"quiz_id\"").doesNotContain("Exception");
	}

	private IngestRoundTrip post(String json, UUID user) {
		return IngestRoundTrip.post(this.port, "/api/v1/submissions", json, this.kafka.getBootstrapServers().get(0),
				"learning.submitted", user.toString());
	}

}
