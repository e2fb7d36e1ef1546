package com.learnflow.submission;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.learnflow.test.HttpJson;
import com.learnflow.test.TopicRecords;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP to the broker and back: a submission is answered 202 with the position of a record that carries exactly the
 * documented JSON, keyed by {@code user_id}. Runs against each broker of its subclasses.
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
		var response = HttpJson.post(this.port, "/api/v1/submissions", """
				{"event_type": "submission", "user_id": "%s", "class_id": "%s", "quiz_id": "%s",
				 "submitted_at": "2024-01-15T10:30:00Z", "score": 85.5}""".formatted(user, classId, quiz));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		JsonNode accepted = JSON.readTree(response.body());
		assertThat(accepted.propertyNames()).containsExactlyInAnyOrder("event_id", "topic", "partition", "offset");
		assertThat(accepted.get("topic").asString()).isEqualTo("learning.submitted");

		try (TopicRecords topic = TopicRecords.of(this.kafka.getBootstrapServers().get(0), "learning.submitted")) {
			ConsumerRecord<String, String> record = topic.awaitKey(user.toString());
			assertThat(record.partition()).isEqualTo(accepted.get("partition").asInt());
			assertThat(record.offset()).isEqualTo(accepted.get("offset").asLong());
			assertThat(record.value()).isEqualTo("{\"event_type\":\"submission\",\"user_id\":\"" + user
					+ "\",\"class_id\":\"" + classId + "\",\"quiz_id\":\"" + quiz
					+ "\",\"submitted_at\":\"2024-01-15T10:30:00Z\",\"score\":85.5}");
			assertThat(header(record, "ce_id")).isEqualTo(accepted.get("event_id").asString());
			assertThat(header(record, "ce_type")).isEqualTo("com.learnflow.submission");
			assertThat(header(record, "ce_source")).isEqualTo("/learnflow/submission-service");
			assertThat(header(record, "content-type")).isEqualTo("application/json");
			assertThat(record.headers().lastHeader("__TypeId__")).isNull();
		}
	}

	@Test
	void theServerSetsAMissingSubmissionTimeInUtcMilliseconds() {
		UUID user = UUID.randomUUID();
		var response = HttpJson.post(this.port, "/api/v1/submissions", """
				{"user_id": "%s", "class_id": "%s", "quiz_id": "%s", "score": 42}"""
			.formatted(user, UUID.randomUUID(), UUID.randomUUID()));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		try (TopicRecords topic = TopicRecords.of(this.kafka.getBootstrapServers().get(0), "learning.submitted")) {
			JsonNode event = JSON.readTree(topic.awaitKey(user.toString()).value());
			assertThat(event.get("event_type").asString()).isEqualTo("submission");
			assertThat(event.get("submitted_at").asString())
				.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z");
			assertThat(event.get("score").asDouble()).isEqualTo(42.0);
		}
	}

	@Test
	void anInvalidSubmissionIsAProblemNamingTheField() {
		var response = HttpJson.post(this.port, "/api/v1/submissions", """
				{"user_id": "%s", "class_id": "%s", "quiz_id": "not-a-uuid", "score": 101}"""
			.formatted(UUID.randomUUID(), UUID.randomUUID()));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("quiz_id").doesNotContain("Exception").doesNotContain("at com.");
	}

	static String header(ConsumerRecord<String, String> record, String name) {
		var header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
