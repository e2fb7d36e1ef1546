package com.learnflow.struggle.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.learnflow.test.HttpJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a real broker, with records written straight to {@code struggle.detected}: the read
 * API answers from the replica's RocksDB view, newest first, the student's newest alerts
 * up to the cap, committed records only; hostile records are skipped and counted and the
 * alerts after them served; partitions added to the topic are read.
 */
@AlertsIntegrationTest
class AlertReadApiTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	KafkaConnectionDetails kafka;

	@Autowired
	AlertsProperties properties;

	@Autowired
	MeterRegistry registry;

	@Autowired
	HealthEndpointGroups healthGroups;

	@Autowired
	AlertView view;

	AlertWriter writer;

	@BeforeEach
	void ready() {
		HttpJson.awaitReadiness(this.port, 200, Duration.ofSeconds(60));
		this.writer = new AlertWriter(this.kafka.getBootstrapServers().get(0));
	}

	@AfterEach
	void closeWriter() {
		this.writer.close();
	}

	@Test
	void theReadApiAnswersAStudentsCommittedAlertsOfTheLastThreeDaysNewestFirst() {
		UUID student = UUID.randomUUID();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		this.writer.alert(student, "low_scores", now.minusSeconds(180));
		this.writer.alert(student, "repeated_errors", now.minusSeconds(60));
		this.writer.alert(student, "old", now.minus(Duration.ofDays(4))); // older than
																			// the topic
																			// keeps: not
																			// served
		this.writer.alert(UUID.randomUUID(), "someone_else", now);
		this.writer.inTransaction(List.of(AlertWriter.json(student, "aborted", now)), student, false);
		this.writer.inTransaction(List.of(AlertWriter.json(student, "stalled_exercise", now.minusSeconds(120))),
				student, true);
		this.writer.alert(student, "last", now.minusSeconds(240));

		JsonNode alerts = await().atMost(Duration.ofSeconds(20)).until(() -> struggles(student), (a) -> a.size() >= 4);
		assertThat(alerts.valueStream().map((alert) -> alert.get("struggle_type").asString()))
			.containsExactly("repeated_errors", "stalled_exercise", "low_scores", "last");
		assertThat(alerts.get(0).propertyNames()).containsExactly("event_type", "user_id", "struggle_type",
				"confidence", "recommended_action", "detected_at");
		assertThat(alerts.get(0).get("detected_at").asString()).isEqualTo(now.minusSeconds(60).toString());
		assertThat(HttpJson.get(this.port, "/api/v1/users/" + UUID.randomUUID() + "/struggles").body()).isEqualTo("[]");
	}

	@Test
	void aStudentKeepsOnlyTheNewestAlertsUpToTheCap() {
		UUID student = UUID.randomUUID();
		int cap = this.properties.perStudent();
		long kept = this.view.size();
		Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(1));
		for (int i = 0; i < cap + 10; i++) {
			this.writer.alert(student, "repeated_errors", first.plusSeconds(i));
		}
		Instant newest = first.plusSeconds(cap + 9);

		JsonNode alerts = await().atMost(Duration.ofSeconds(20))
			.until(() -> struggles(student),
					(a) -> a.size() > 0 && a.get(0).get("detected_at").asString().equals(newest.toString()));
		assertThat(alerts.valueStream().map((alert) -> alert.get("detected_at").asString()))
			.as("exactly the cap, newest first")
			.containsExactlyElementsOf(
					IntStream.range(0, cap).mapToObj((i) -> newest.minusSeconds(i).toString()).toList());
		assertThat(this.view.size() - kept).as("the older ones are gone from the store too").isEqualTo(cap);
	}

	@Test
	void hostileRecordsAreSkippedAndCountedAndTheAlertsAfterThemServed() {
		UUID student = UUID.randomUUID();
		String key = student.toString();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		String good = AlertWriter.json(student, "repeated_errors", now.minusSeconds(10));
		Map<String, Double> before = skippedCounts();
		List<Hostile> hostile = List.of(
				// what another client writes, and the reason it is skipped
				new Hostile("definitely not json", "unreadable"), new Hostile(good.substring(0, 40), "unreadable"),
				new Hostile(good.replace("0.875", "\"sure\""), "unreadable"),
				new Hostile(good.replace("0.875", "7"), "invalid"),
				new Hostile(good.replace("struggle_detected", "submission"), "invalid"),
				new Hostile("{\"pad\": \"" + "x".repeat(900_000) + "\"}", "oversized"), new Hostile("", "empty"),
				new Hostile(null, "empty"));
		hostile.forEach((record) -> this.writer.write(null, key,
				(record.value() != null) ? record.value().getBytes(StandardCharsets.UTF_8) : null,
				UUID.randomUUID().toString()));
		String replayed = UUID.randomUUID().toString();
		this.writer.write(null, key, good.getBytes(StandardCharsets.UTF_8), replayed);
		this.writer.write(null, key, good.getBytes(StandardCharsets.UTF_8), replayed); // the
																						// same
																						// alert
																						// again
		this.writer.write(null, key,
				AlertWriter.json(student, "stalled_exercise", now.minusSeconds(20)).getBytes(StandardCharsets.UTF_8),
				"x".repeat(500)); // an id too long: its place in the topic instead
		this.writer.alert(student, "low_scores", now.minusSeconds(30));

		JsonNode alerts = await().atMost(Duration.ofSeconds(20)).until(() -> struggles(student), (a) -> a.size() >= 3);
		assertThat(alerts.valueStream().map((alert) -> alert.get("struggle_type").asString()))
			.containsExactly("repeated_errors", "stalled_exercise", "low_scores");
		Map<String, Double> after = skippedCounts();
		for (String reason : before.keySet()) {
			assertThat(after.get(reason) - before.get(reason)).as(reason)
				.isEqualTo(hostile.stream().filter((record) -> record.skipped().equals(reason)).count());
		}
		assertThat(HttpJson.get(this.port, "/actuator/prometheus").body())
			.containsPattern("learnflow_alert_view_skipped_total\\{reason=\"unreadable\"} [1-9]")
			.containsPattern("learnflow_alert_view_alerts [1-9]");
	}

	@Test
	void partitionsAddedToTheTopicAreReadFromTheirBeginning() throws Exception {
		UUID student = UUID.randomUUID();
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka.getBootstrapServers().get(0)))) {
			int partitions = admin.describeTopics(List.of(AlertView.TOPIC))
				.allTopicNames()
				.get()
				.get(AlertView.TOPIC)
				.partitions()
				.size();
			admin.createPartitions(Map.of(AlertView.TOPIC, NewPartitions.increaseTo(partitions + 1))).all().get();
			// Written at once, before the view can have seen the partition: it must read
			// it from its beginning.
			await().atMost(Duration.ofSeconds(10))
				.ignoreExceptions()
				.until(() -> this.writer.write(partitions, student.toString(),
						AlertWriter.json(student, "repeated_errors", Instant.now().truncatedTo(ChronoUnit.MILLIS))
							.getBytes(StandardCharsets.UTF_8),
						UUID.randomUUID().toString()) != null);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> struggles(student).size() == 1);
	}

	@Test
	void readinessWaitsForTheAlertView() {
		assertThat(this.healthGroups.get("readiness").isMember("alertView")).isTrue();
	}

	record Hostile(String value, String skipped) {
	}

	private JsonNode struggles(UUID student) {
		return JSON.readTree(HttpJson.get(this.port, "/api/v1/users/" + student + "/struggles").body());
	}

	private Map<String, Double> skippedCounts() {
		Map<String, Double> counts = new LinkedHashMap<>();
		for (String reason : List.of("empty", "oversized", "unreadable", "invalid")) {
			counts.put(reason,
					this.registry.get("learnflow.alert.view.skipped").tag("reason", reason).counter().count());
		}
		return counts;
	}

}
