package com.learnflow.struggle;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import com.learnflow.struggle.stream.DeadLetters;
import com.learnflow.test.EmbeddedKafkaIntegrationTest;
import com.learnflow.test.HttpJson;
import com.learnflow.test.TopicRecords;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and careless records written straight to Kafka, past the ingest services, as
 * any client can: each goes to its dead-letter topic with its reason, and afterwards the
 * detector is still RUNNING and still detects a normal pattern of another student, whose
 * alert carries none of the junk headers.
 */
@EmbeddedKafkaIntegrationTest
@DetectorTestProperties
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTests {

	/** The repartition topic of the local environment's detector. */
	static final String REPARTITION = "struggle-detector-local-detection-activity-by-student-repartition";

	/**
	 * The headers an alert may carry; nothing an input sent besides the trace context.
	 */
	static final Set<String> ALERT_HEADERS = Set.of("ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time",
			"content-type", "learnflow_rule", "learnflow_evidence", "traceparent", "tracestate");

	@LocalServerPort
	int port;

	@Autowired
	KafkaConnectionDetails kafka;

	@Autowired
	StreamsBuilderFactoryBean streams;

	KafkaProducer<byte[], byte[]> client;

	@BeforeEach
	void detectorIsReady() {
		HttpJson.awaitReadiness(this.port, 200, Duration.ofSeconds(60));
		if (this.client == null) {
			this.client = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()),
					new ByteArraySerializer(), new ByteArraySerializer());
		}
	}

	@AfterAll
	void closeClient() {
		this.client.close(Duration.ofSeconds(5));
	}

	/**
	 * One hostile record: where it is written, what it is (given a marker that is its
	 * key), with which timestamp (null: now) and headers, and where it must end up with
	 * which reasons.
	 */
	record Hostile(String name, String topic, Function<String, String> value, Long timestamp, List<Header> headers,
			String deadLetterTopic, Set<String> reasons) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	static Hostile row(String name, String topic, Function<String, String> value, String reason, String... more) {
		return new Hostile(name, topic, value, null, List.of(), topic + ".dlt", Set.of(concat(reason, more)));
	}

	static String[] concat(String first, String... more) {
		return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
	}

	static Stream<Hostile> hostileRecords() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		return Stream.of(
				row("a submission 3 hours ahead (a laptop with a wrong clock)", "learning.submitted",
						(m) -> submission(m, now.plus(Duration.ofHours(3)), "40"), "event_time_out_of_range"),
				row("a submission 8 days old", "learning.submitted",
						(m) -> submission(m, now.minus(Duration.ofDays(8)), "40"), "event_time_out_of_range"),
				row("a submission in year 9999", "learning.submitted",
						(m) -> submission(m, Instant.parse("9999-12-31T23:59:59Z"), "40"), "event_time_out_of_range"),
				row("a submission at the edge of what Java represents", "learning.submitted",
						(m) -> submission(m, null, "40").replace("\"submitted_at\": null",
								"\"submitted_at\": \"+1000000000-12-31T23:59:59Z\""),
						"invalid_event", "event_time_out_of_range"),
				row("submitted_at as epoch milliseconds", "learning.submitted",
						(m) -> submission(m, null, "40").replace("\"submitted_at\": null",
								"\"submitted_at\": " + now.toEpochMilli()),
						"invalid_event"),
				row("a score of 1e400", "learning.submitted", (m) -> submission(m, now, "1e400"), "invalid_event"),
				row("a score twice (duplicate key)", "learning.submitted",
						(m) -> submission(m, now, "90").replace("}", ", \"score\": 10}"), "invalid_event", "not_json"),
				row("a user_id in base64", "learning.submitted",
						(m) -> submission(m, now, "40").replaceFirst("\"user_id\": \"[^\"]+\"",
								"\"user_id\": \"AAAAAAAAQACAAAAAAAAAAA==\""),
						"invalid_event"),
				row("an exercise start 3 hours ahead", "exercise.started",
						(m) -> exerciseStart(m, now.plus(Duration.ofHours(3))), "event_time_out_of_range"),
				row("a Dapr envelope whose data is 3 hours ahead", "learning.submitted",
						(m) -> "{\"specversion\": \"1.0\", \"id\": \"" + m + "\", \"data\": "
								+ submission(m, now.plus(Duration.ofHours(3)), "40") + "}",
						"event_time_out_of_range"),
				new Hostile("a code execution with the record timestamp of 1970", "code.executed",
						(m) -> execution(m, "150"), 0L, List.of(), "code.executed.dlt",
						Set.of("event_time_out_of_range")),
				new Hostile("a code execution with a record timestamp 50 minutes ahead (the broker takes up to 1 h)",
						"code.executed", (m) -> execution(m, "150"), now.plus(Duration.ofMinutes(50)).toEpochMilli(),
						List.of(), "code.executed.dlt", Set.of("event_time_out_of_range")),
				row("execution_time_ms of 10^30", "code.executed", (m) -> execution(m, "1" + "0".repeat(30)),
						"invalid_event"),
				row("execution_time_ms of 2^63", "code.executed", (m) -> execution(m, "9223372036854775808"),
						"invalid_event"),
				row("execution_time_ms over one hour", "code.executed", (m) -> execution(m, "3600001"),
						"invalid_event"),
				row("a control character in language", "code.executed",
						(m) -> execution(m, "1").replace("\"python\"", "\"py\\u0000thon\""), "invalid_event"),
				row("a lone surrogate in the error text", "code.executed",
						(m) -> execution(m, "1").replace("\"SyntaxError\"", "\"Syntax\\ud800Error\""), "invalid_event"),
				row("a value of 300 KB", "code.executed",
						(m) -> execution(m, "1").replace("\"SyntaxError\"", "\"" + "x".repeat(300_000) + "\""),
						"too_large"),
				new Hostile("an event id of 1,000 characters", "code.executed", (m) -> execution(m, "1"), null,
						List.of(header("ce_id", "x".repeat(1000))), "code.executed.dlt", Set.of("invalid_event_id")),
				new Hostile("garbage in the detector's repartition topic", REPARTITION, (m) -> "{\"not\": \"activity",
						null, List.of(), "struggle-detector-local-detection.dlt", Set.of("unreadable")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileRecords")
	void aHostileRecordIsDeadLetteredAndDetectionGoesOn(Hostile hostile) {
		String marker = UUID.randomUUID().toString();
		ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(hostile.topic(), null, hostile.timestamp(),
				bytes(marker), bytes(hostile.value().apply(marker)), hostile.headers());
		this.client.send(record);
		this.client.flush();

		try (TopicRecords deadLetters = TopicRecords.of(bootstrap(), hostile.deadLetterTopic())) {
			ConsumerRecord<String, String> dead = deadLetters.awaitKey(marker);
			assertThat(StruggleDetectionRoundTripTests.header(dead, DeadLetters.REASON)).isIn(hostile.reasons());
			assertThat(StruggleDetectionRoundTripTests.header(dead, DeadLetters.ORIGINAL_TOPIC))
				.isEqualTo(hostile.topic());
		}
		assertThat(this.streams.getKafkaStreams().state()).isEqualTo(KafkaStreams.State.RUNNING);
		aNormalPatternIsStillDetected(List.of());
	}

	@Test
	void junkHeadersOnTheInputsNeverReachAnAlert() {
		List<Header> junk = List.of(header("__TypeId__", "java.lang.Runtime"), header("ce_type", "com.evil.forged"),
				header("x-junk", "y".repeat(100_000)), header("traceparent", "not a trace context"));
		ConsumerRecord<String, String> alert = aNormalPatternIsStillDetected(junk);
		assertThat(alert.headers()).extracting(Header::key).allMatch(ALERT_HEADERS::contains);
		assertThat(StruggleDetectionRoundTripTests.header(alert, "ce_type"))
			.isEqualTo("com.learnflow.struggle_detected");
		assertThat(alert.headers().lastHeader("traceparent")).as("a malformed traceparent is dropped").isNull();
	}

	@Test
	void aWellFormedTraceContextTravelsOnToTheAlert() {
		String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
		ConsumerRecord<String, String> alert = aNormalPatternIsStillDetected(
				List.of(header("traceparent", traceparent), header("tracestate", "learnflow=1")));
		assertThat(StruggleDetectionRoundTripTests.header(alert, "traceparent")).isEqualTo(traceparent);
		assertThat(StruggleDetectionRoundTripTests.header(alert, "tracestate")).isEqualTo("learnflow=1");
	}

	/**
	 * Three failed executions of a new student, as a plain client writes them, give that
	 * student an alert.
	 */
	private ConsumerRecord<String, String> aNormalPatternIsStillDetected(List<Header> headers) {
		UUID student = UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			this.client.send(new ProducerRecord<>("code.executed", null, null, bytes(UUID.randomUUID().toString()),
					bytes(StruggleDetectionRoundTripTests.failedExecution(student)), headers));
		}
		this.client.flush();
		try (TopicRecords alerts = TopicRecords.of(bootstrap(), "struggle.detected")) {
			return alerts.awaitKey(student.toString());
		}
	}

	static String submission(String marker, Instant submittedAt, String score) {
		return """
				{"event_type": "submission", "user_id": "%s", "class_id": "%s", "quiz_id": "%s",
				 "submitted_at": %s, "score": %s}""".formatted(UUID.randomUUID(), UUID.randomUUID(), marker,
				(submittedAt != null) ? "\"" + submittedAt + "\"" : "null", score);
	}

	static String exerciseStart(String marker, Instant startedAt) {
		return """
				{"event_type": "exercise_started", "user_id": "%s", "exercise_id": "%s", "started_at": "%s"}"""
			.formatted(UUID.randomUUID(), marker, startedAt);
	}

	static String execution(String marker, String executionTimeMs) {
		return """
				{"event_type": "code_execution", "user_id": "%s", "session_id": "%s", "language": "python",
				 "execution_time_ms": %s, "success": false, "error": "SyntaxError"}""".formatted(UUID.randomUUID(),
				marker, executionTimeMs);
	}

	static Header header(String name, String value) {
		return new RecordHeader(name, bytes(value));
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private String bootstrap() {
		return this.kafka.getBootstrapServers().get(0);
	}

}
