package com.learnflow.struggle;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import com.learnflow.test.HttpJson;
import com.learnflow.test.TestTokens;
import com.learnflow.test.TopicRecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a real broker: records on the three input topics, written as a plain Python client
 * writes them (JSON bytes, a key, no headers) or as Dapr envelopes, become committed
 * {@code struggle.detected} records; poison goes to the dead-letter topic without
 * stopping what follows; the read API and the stream serve the alerts; a restart in the
 * middle of a stream neither loses nor repeats an alert. Runs against the broker of each
 * subclass.
 */
@DetectorTestProperties
abstract class StruggleDetectionRoundTripTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	KafkaConnectionDetails kafka;

	@Autowired
	StreamsBuilderFactoryBean streams;

	KafkaProducer<String, String> plainClient;

	@BeforeEach
	void detectorIsReady() {
		HttpJson.awaitReadiness(this.port, 200, Duration.ofSeconds(60));
	}

	@AfterEach
	void closeClient() {
		if (this.plainClient != null) {
			this.plainClient.close(Duration.ofSeconds(5));
		}
	}

	@Test
	void threeFailedExecutionsOfAPlainClientGiveOneAlert() {
		UUID user = UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			send("code.executed", UUID.randomUUID().toString(), failedExecution(user));
		}

		try (TopicRecords alerts = TopicRecords.of(bootstrap(), "struggle.detected")) {
			ConsumerRecord<String, String> record = alerts.awaitKey(user.toString());
			JsonNode alert = JSON.readTree(record.value());
			assertThat(alert.propertyNames()).containsExactly("event_type", "user_id", "struggle_type", "confidence",
					"recommended_action", "detected_at");
			assertThat(alert.get("struggle_type").asString()).isEqualTo("repeated_errors");
			assertThat(alert.get("recommended_action").asString()).isEqualTo("offer_hint");
			assertThat(header(record, "ce_source")).isEqualTo("/learnflow/struggle-detector");
			assertThat(header(record, "learnflow_rule")).isEqualTo("repeated_errors");
			assertThat(header(record, "learnflow_evidence").split(",")).hasSize(3);
			assertThat(alerts.drain(Duration.ofSeconds(2)).matching((r) -> user.toString().equals(r.key())))
				.as("exactly one alert for three failures")
				.hasSize(1);
		}
	}

	@Test
	void lowScoresFromSubmissionsAndDaprEnvelopesGiveAnAlert() {
		UUID user = UUID.randomUUID();
		send("learning.submitted", user.toString(), submission(user, 40));
		send("learning.submitted", user.toString(), """
				{"specversion": "1.0", "id": "%s", "type": "com.dapr.event.sent", "source": "quiz-service",
				 "datacontenttype": "application/json", "data": %s}""".formatted(UUID.randomUUID(),
				submission(user, 45)));

		try (TopicRecords alerts = TopicRecords.of(bootstrap(), "struggle.detected")) {
			JsonNode alert = JSON.readTree(alerts.awaitKey(user.toString()).value());
			assertThat(alert.get("struggle_type").asString()).isEqualTo("low_scores");
			assertThat(alert.get("recommended_action").asString()).isEqualTo("suggest_review");
		}
	}

	@Test
	void anExerciseStartWithoutProgressGivesAStalledExerciseAlertWithoutAnyFurtherEvent() {
		UUID user = UUID.randomUUID();
		UUID progressing = UUID.randomUUID();
		send("exercise.started", user.toString(), exerciseStart(user));
		send("exercise.started", progressing.toString(), exerciseStart(progressing));
		send("learning.submitted", progressing.toString(), submission(progressing, 90));

		try (TopicRecords alerts = TopicRecords.of(bootstrap(), "struggle.detected")) {
			JsonNode alert = JSON.readTree(alerts.awaitKey(user.toString()).value());
			assertThat(alert.get("struggle_type").asString()).isEqualTo("stalled_exercise");
			assertThat(alert.get("recommended_action").asString()).isEqualTo("offer_hint");
			assertThat(alerts.drain(Duration.ofSeconds(4)).matching((r) -> progressing.toString().equals(r.key())))
				.as("a student who made progress is not stalled")
				.isEmpty();
		}
	}

	@Test
	void prometheusShowsRecordsAlertsAndConsumerLag() {
		UUID user = UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			send("code.executed", UUID.randomUUID().toString(), failedExecution(user));
		}
		try (TopicRecords alerts = TopicRecords.of(bootstrap(), "struggle.detected")) {
			alerts.awaitKey(user.toString());
		}
		String metrics = HttpJson.get(this.port, "/actuator/prometheus").body();
		assertThat(metrics)
			.containsPattern("learnflow_detector_records_total\\{outcome=\"processed\",topic=\"code.executed\"} [1-9]")
			.containsPattern(
					"learnflow_detector_alerts_total\\{recommended_action=\"offer_hint\",struggle_type=\"repeated_errors\"} [1-9]")
			.containsPattern("learnflow_detector_consumer_lag_records [0-9]")
			.contains("learnflow_detector_latency_seconds");
	}

	@Test
	void poisonGoesToTheDeadLetterTopicAndTheRecordsAfterItAreProcessed() {
		UUID user = UUID.randomUUID();
		String truncated = failedExecution(user).substring(0, 40);
		send("code.executed", "poison", "definitely not json");
		send("code.executed", "poison", truncated);
		send("code.executed", "poison", failedExecution(user).replace("\"success\": false", "\"success\": \"no\""));
		for (int i = 0; i < 3; i++) {
			send("code.executed", UUID.randomUUID().toString(), failedExecution(user));
		}

		try (TopicRecords deadLetters = TopicRecords.of(bootstrap(), "code.executed.dlt");
				TopicRecords alerts = TopicRecords.of(bootstrap(), "struggle.detected")) {
			List<ConsumerRecord<String, String>> dead = deadLetters.awaitMatching(
					(r) -> r.value().equals(truncated) || r.value().contains(user.toString()), 2,
					Duration.ofSeconds(30));
			assertThat(dead).allSatisfy((record) -> {
				assertThat(header(record, "dlt_original_topic")).isEqualTo("code.executed");
				assertThat(header(record, "dlt_reason")).isIn("not_json", "invalid_event");
			});
			assertThat(alerts.awaitKey(user.toString())).isNotNull();
		}
	}

	@Test
	void theReadApiAndTheStreamServeAStudentsAlerts() throws Exception {
		UUID user = UUID.randomUUID();
		List<String> streamed = new CopyOnWriteArrayList<>();
		HttpClient client = HttpClient.newHttpClient();
		CompletableFuture<?> stream = client
			.sendAsync(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/v1/struggles/stream?user_id=" + user))
				.header("Accept", "text/event-stream")
				.header("Authorization", "Bearer " + TestTokens.student(user))
				.build(), HttpResponse.BodyHandlers.ofLines())
			.thenAccept((response) -> response.body().forEach(streamed::add));
		await().atMost(Duration.ofSeconds(10)).until(() -> !streamed.isEmpty() || !stream.isDone());

		for (int i = 0; i < 3; i++) {
			send("code.executed", UUID.randomUUID().toString(), failedExecution(user));
		}

		await().atMost(Duration.ofSeconds(30))
			.until(() -> streamed.stream().anyMatch((line) -> line.contains(user.toString())));
		assertThat(streamed).anyMatch((line) -> line.equals("event:struggle_detected"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> HttpJson.get(this.port, "/api/v1/users/" + user + "/struggles")
				.body()
				.contains("repeated_errors"));
		JsonNode alerts = JSON.readTree(HttpJson.get(this.port, "/api/v1/users/" + user + "/struggles").body());
		assertThat(alerts.size()).isEqualTo(1);
		assertThat(alerts.get(0).get("user_id").asString()).isEqualTo(user.toString());
		assertThat(HttpJson.get(this.port, "/api/v1/users/" + UUID.randomUUID() + "/struggles").body()).isEqualTo("[]");
		stream.cancel(true);
	}

	@Test
	void aRestartInTheMiddleOfAStreamNeitherLosesNorRepeatsAnAlert() {
		List<UUID> users = Stream.generate(UUID::randomUUID).limit(4).toList();
		// Two failures each before the stop, the third after it: every student must get
		// exactly one alert.
		for (UUID user : users) {
			send("code.executed", UUID.randomUUID().toString(), failedExecution(user));
			send("code.executed", UUID.randomUUID().toString(), failedExecution(user));
		}
		this.streams.stop();
		for (UUID user : users) {
			send("code.executed", UUID.randomUUID().toString(), failedExecution(user));
		}
		this.streams.start();

		try (TopicRecords alerts = TopicRecords.of(bootstrap(), "struggle.detected")) {
			for (UUID user : users) {
				// A restart includes a rebalance and restoring the state stores: allow it
				// more than the usual 30 s.
				alerts.awaitKey(user.toString(), Duration.ofSeconds(90));
			}
			assertThat(alerts.drain(Duration.ofSeconds(3))
				.matching((r) -> users.stream().anyMatch((u) -> u.toString().equals(r.key()))))
				.as("one alert per student")
				.hasSize(users.size());
		}
	}

	@Test
	void theDetectorConsumesAsAGroupNamedByServiceEnvironmentAndPurpose() {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
			await().atMost(Duration.ofSeconds(60))
				.until(() -> admin.listGroups().all().get().stream().map(GroupListing::groupId).toList(),
						(groups) -> groups.contains("struggle-detector-local-detection"));
		}
	}

	private void send(String topic, String key, String json) {
		if (this.plainClient == null) {
			this.plainClient = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()),
					new StringSerializer(), new StringSerializer());
		}
		this.plainClient.send(new ProducerRecord<>(topic, key, json));
		this.plainClient.flush();
	}

	private String bootstrap() {
		return this.kafka.getBootstrapServers().get(0);
	}

	/**
	 * Three failed executions of each student, keyed by a new id each (so on any
	 * partition): one alert each.
	 */
	static void threeFailuresEach(String bootstrap, List<UUID> students) {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
				new StringSerializer())) {
			for (UUID student : students) {
				for (int i = 0; i < 3; i++) {
					producer.send(new ProducerRecord<>("code.executed", UUID.randomUUID().toString(),
							failedExecution(student)));
				}
			}
		}
	}

	static String failedExecution(UUID user) {
		return """
				{"event_type": "code_execution", "user_id": "%s", "session_id": "%s", "language": "python",
				 "execution_time_ms": 40, "success": false, "error": "SyntaxError: invalid syntax"}""".formatted(user,
				UUID.randomUUID());
	}

	static String submission(UUID user, double score) {
		return """
				{"event_type": "submission", "user_id": "%s", "class_id": "%s", "quiz_id": "%s",
				 "submitted_at": "%s", "score": %s}""".formatted(user, UUID.randomUUID(), UUID.randomUUID(),
				Instant.now().truncatedTo(ChronoUnit.MILLIS), score);
	}

	static String exerciseStart(UUID user) {
		return """
				{"event_type": "exercise_started", "user_id": "%s", "exercise_id": "%s", "started_at": "%s"}"""
			.formatted(user, UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
	}

	static String header(ConsumerRecord<String, String> record, String name) {
		var header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
