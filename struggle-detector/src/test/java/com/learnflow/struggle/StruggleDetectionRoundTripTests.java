package com.learnflow.struggle;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.learnflow.test.HttpJson;
import com.learnflow.test.TopicRecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * From records on {@code code.executed}, written as the reference's plain Python client writes them (JSON bytes,
 * a key, no headers), to one committed {@code struggle.detected} record. Runs against the broker of each subclass.
 */
abstract class StruggleDetectionRoundTripTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	KafkaConnectionDetails kafka;

	@Test
	void threeFailedExecutionsOfAPlainClientGiveOneAlert() {
		String bootstrap = this.kafka.getBootstrapServers().get(0);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> HttpJson.get(this.port, "/actuator/health/readiness").statusCode() == 200);
		UUID user = UUID.randomUUID();
		try (KafkaProducer<String, String> plainClient = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
				new StringSerializer())) {
			for (int i = 0; i < 3; i++) {
				UUID session = UUID.randomUUID();
				plainClient.send(new ProducerRecord<>("code.executed", session.toString(), """
						{"event_type": "code_execution", "user_id": "%s", "session_id": "%s", "language": "python",
						 "execution_time_ms": 40, "success": false, "error": "SyntaxError: invalid syntax"}"""
					.formatted(user, session)));
			}
			plainClient.flush();
		}

		try (TopicRecords alerts = TopicRecords.of(bootstrap, "struggle.detected")) {
			ConsumerRecord<String, String> record = alerts.awaitKey(user.toString());
			JsonNode alert = JSON.readTree(record.value());
			assertThat(alert.propertyNames()).containsExactly("event_type", "user_id", "struggle_type", "confidence",
					"recommended_action", "detected_at");
			assertThat(alert.get("event_type").asString()).isEqualTo("struggle_detected");
			assertThat(alert.get("user_id").asString()).isEqualTo(user.toString());
			assertThat(alert.get("struggle_type").asString()).isEqualTo("repeated_errors");
			assertThat(alert.get("recommended_action").asString()).isEqualTo("offer_hint");
			assertThat(alert.get("confidence").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(1);
			assertThat(alert.get("detected_at").asString()).endsWith("Z");
			assertThat(new String(record.headers().lastHeader("ce_source").value(), StandardCharsets.UTF_8))
				.isEqualTo("/learnflow/struggle-detector");

			List<ConsumerRecord<String, String>> all = alerts.drain(Duration.ofSeconds(2))
				.matching((r) -> user.toString().equals(r.key()));
			assertThat(all).as("exactly one alert for three failures").hasSize(1);
		}
	}

	@Test
	void theDetectorConsumesAsGroupNamedByServiceEnvironmentAndPurpose() throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				this.kafka.getBootstrapServers().get(0)))) {
			await().atMost(Duration.ofSeconds(60))
				.until(() -> admin.listGroups().all().get().stream().map(GroupListing::groupId).toList(),
						(groups) -> groups.contains("struggle-detector-local-detection"));
		}
	}

}
