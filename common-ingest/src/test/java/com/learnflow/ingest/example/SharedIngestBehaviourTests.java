package com.learnflow.ingest.example;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.learnflow.kafka.CatalogTopics;
import com.learnflow.test.HttpJson;
import com.learnflow.test.RefusedRequest;
import com.learnflow.test.TopicRecords;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every ingest service does the same way, proven once on the example service and a
 * real broker: malformed bodies, 413, 415 and an empty {@code Idempotency-Key} are
 * refused with a problem and publish nothing, the request's trace context reaches the
 * record, the metrics count per topic and outcome, a body over the limit is refused while
 * it is read, a retried request with the same {@code Idempotency-Key} yields the same
 * event once, and CORS is off unless origins are configured ({@link CorsTests}).
 */
abstract class SharedIngestBehaviourTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String TOPIC = ExampleIngestApplication.TOPIC;

	@LocalServerPort
	int port;

	@Autowired
	KafkaConnectionDetails kafka;

	@Test
	void theRequestsTraceparentTravelsIntoTheRecordHeaders() {
		UUID session = UUID.randomUUID();
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		var response = HttpJson.post(this.port, ExampleIngestApplication.PATH, execution(session, false),
				Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);

		try (TopicRecords topic = TopicRecords.of(bootstrap(), TOPIC)) {
			var header = topic.awaitKey(session.toString()).headers().lastHeader("traceparent");
			assertThat(header).as("traceparent header").isNotNull();
			assertThat(new String(header.value(), StandardCharsets.UTF_8)).startsWith("00-" + traceId + "-");
		}
	}

	@Test
	void prometheusShowsAcceptedAndRejectedEventsPerTopicAndPublishLatency() {
		assertThat(HttpJson.post(this.port, ExampleIngestApplication.PATH, execution(UUID.randomUUID(), true))
			.statusCode()).isEqualTo(202);
		assertThat(HttpJson.post(this.port, ExampleIngestApplication.PATH, "{\"succes\": true}").statusCode())
			.isEqualTo(400);

		String metrics = HttpJson.get(this.port, "/actuator/prometheus").body();
		assertThat(metrics).containsPattern(
				"learnflow_ingest_events_total\\{outcome=\"accepted\",reason=\"none\",topic=\"code.executed\"} [1-9]")
			.containsPattern(
					"learnflow_ingest_events_total\\{outcome=\"rejected\",reason=\"unknown_field\",topic=\"code.executed\"} [1-9]")
			.containsPattern(
					"learnflow_ingest_publish_seconds\\{outcome=\"acknowledged\",topic=\"code.executed\",quantile=\"0.99\"}")
			.containsPattern(
					"learnflow_ingest_publish_seconds_count\\{outcome=\"acknowledged\",topic=\"code.executed\"} [1-9]")
			.contains("kafka_producer_record_send_total");
	}

	/**
	 * What every ingest endpoint refuses alike, before its own fields are looked at: each
	 * with its status, the field its problem names, and nothing published.
	 */
	static Stream<RefusedRequest> refusedRequests() {
		String valid = execution(UUID.randomUUID(), true);
		return Stream.of(RefusedRequest.json("malformed JSON", "{\"user_id\": ", 400, null),
				RefusedRequest.json("a JSON array instead of an object", "[]", 400, null),
				RefusedRequest.json("an empty body", "", 400, null),
				RefusedRequest.json("body over 64 KiB", valid.replace("}", ", \"x\": \"" + "x".repeat(70_000) + "\"}"),
						413, null),
				RefusedRequest.json("plain text", "success=true", 415, null).withContentType("text/plain"),
				RefusedRequest.json("an empty Idempotency-Key", valid, 400, "Idempotency-Key")
					.withHeader("Idempotency-Key", " "));
	}

	@ParameterizedTest
	@MethodSource("refusedRequests")
	void aRequestEveryEndpointRefusesGetsAProblemAndNothingIsPublished(RefusedRequest request) {
		request.assertRefused(this.port, ExampleIngestApplication.PATH, bootstrap(), TOPIC);
	}

	@Test
	void aChunkedBodyOverTheLimitIsRefusedWhileItIsRead() {
		var tooLarge = HttpJson.postChunked(this.port, ExampleIngestApplication.PATH,
				execution(UUID.randomUUID(), true).replace("}", ", \"x\": \"" + "x".repeat(70_000) + "\"}"));
		assertThat(tooLarge.statusCode()).isEqualTo(413);
		assertThat(tooLarge.headers().firstValue("Content-Type")).hasValue("application/problem+json");

		var justRight = HttpJson.postChunked(this.port, ExampleIngestApplication.PATH,
				execution(UUID.randomUUID(), true));
		assertThat(justRight.statusCode()).as(justRight.body()).isEqualTo(202);
	}

	@Test
	void theSameIdempotencyKeyYieldsTheSameEventOnce() {
		UUID session = UUID.randomUUID();
		String body = execution(session, false);
		String key = "retry-" + UUID.randomUUID();
		var first = HttpJson.post(this.port, ExampleIngestApplication.PATH, body, Map.of("Idempotency-Key", key));
		var retry = HttpJson.post(this.port, ExampleIngestApplication.PATH, body, Map.of("Idempotency-Key", key));
		var other = HttpJson.post(this.port, ExampleIngestApplication.PATH, body,
				Map.of("Idempotency-Key", key + "-other"));

		assertThat(List.of(first.statusCode(), retry.statusCode(), other.statusCode())).containsOnly(202);
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(JSON.readTree(other.body()).get("event_id"))
			.isNotEqualTo(JSON.readTree(first.body()).get("event_id"));
		try (TopicRecords topic = TopicRecords.of(bootstrap(), TOPIC)) {
			assertThat(
					topic.awaitMatching((record) -> session.toString().equals(record.key()), 2, Duration.ofSeconds(30)))
				.as("one record per key")
				.hasSize(2);
			assertThat(topic.drain(Duration.ofSeconds(1)).matching((record) -> session.toString().equals(record.key())))
				.hasSize(2);
		}

		var reused = HttpJson.post(this.port, ExampleIngestApplication.PATH, execution(session, true),
				Map.of("Idempotency-Key", key));
		assertThat(reused.statusCode()).as(reused.body()).isEqualTo(422);
		assertThat(reused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	/**
	 * Where the deployment does not provision topics, a service creates the one it owns,
	 * and no other.
	 */
	@Test
	void theServiceCreatedTheTopicItOwnsAndNoOtherCatalogTopic() throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
			Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
			assertThat(CatalogTopics.newTopics().stream().map(NewTopic::name).filter(topics::contains))
				.containsExactly(TOPIC);
		}
	}

	@Test
	void corsIsOffByDefault() {
		var response = HttpJson.send(this.port, "OPTIONS", ExampleIngestApplication.PATH, null, null,
				Map.of("Origin", "https://app.learnflow.test", "Access-Control-Request-Method", "POST"));
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	private String bootstrap() {
		return this.kafka.getBootstrapServers().get(0);
	}

	private static String execution(UUID session, boolean success) {
		return """
				{"user_id": "%s", "session_id": "%s", "success": %s}""".formatted(UUID.randomUUID(), session, success);
	}

}
