package com.learnflow.struggle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The {@code repeated_errors} rule on the real topology: 3 failed executions by one student within 10 minutes give
 * one alert, and a success resets the streak. Each case lists executions as (student, session, minute, outcome)
 * and the alerts it must give as (student, minute).
 */
class RepeatedErrorsRuleTests {

	static final Instant START = Instant.parse("2024-01-15T10:00:00Z");

	static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path stateDir;

	static Stream<Arguments> cases() {
		return Stream.of(
				arguments("two failures are not a struggle",
						List.of(fail("ana", "s1", 0), fail("ana", "s1", 1)),
						List.of()),
				arguments("the third failure within 10 minutes raises one alert",
						List.of(fail("ana", "s1", 0), fail("ana", "s1", 4), fail("ana", "s1", 9)),
						List.of(alert("ana", 9))),
				arguments("failures spread over more than 10 minutes are not a struggle",
						List.of(fail("ana", "s1", 0), fail("ana", "s1", 6), fail("ana", "s1", 10)),
						List.of()),
				arguments("a success resets the streak",
						List.of(fail("ana", "s1", 0), fail("ana", "s1", 1), ok("ana", "s1", 2), fail("ana", "s1", 3),
								fail("ana", "s1", 4)),
						List.of()),
				arguments("failures in different sessions of one student count together",
						List.of(fail("ana", "s1", 0), fail("ana", "s2", 1), fail("ana", "s3", 2)),
						List.of(alert("ana", 2))),
				arguments("students do not share streaks",
						List.of(fail("ana", "s1", 0), fail("ben", "s2", 1), fail("ana", "s1", 2), fail("ben", "s2", 3)),
						List.of()),
				arguments("an alert uses the streak up: six failures give two alerts",
						List.of(fail("ana", "s1", 0), fail("ana", "s1", 1), fail("ana", "s1", 2), fail("ana", "s1", 3),
								fail("ana", "s1", 4), fail("ana", "s1", 5)),
						List.of(alert("ana", 2), alert("ana", 5))),
				arguments("a late failure inside the window still counts",
						List.of(fail("ana", "s1", 8), fail("ana", "s1", 9), fail("ana", "s1", 1)),
						List.of(alert("ana", 1))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void repeatedErrors(String name, List<Execution> executions, List<Alert> expected) {
		try (TopologyTestDriver driver = driver()) {
			TestInputTopic<String, String> input = driver.createInputTopic("code.executed", new StringSerializer(),
					new StringSerializer());
			TestOutputTopic<String, String> output = driver.createOutputTopic("struggle.detected",
					new StringDeserializer(), new StringDeserializer());
			for (Execution execution : executions) {
				input.pipeInput(execution.session().toString(), execution.json(), execution.at());
			}

			List<Alert> alerts = output.readRecordsToList().stream().map((record) -> {
				JsonNode alert = JSON.readTree(record.value());
				assertThat(record.key()).isEqualTo(alert.get("user_id").asString());
				assertThat(alert.get("struggle_type").asString()).isEqualTo("repeated_errors");
				assertThat(alert.get("recommended_action").asString()).isEqualTo("offer_hint");
				assertThat(alert.get("confidence").asDouble()).isBetween(0.5, 1.0);
				assertThat(new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
					.isEqualTo("com.learnflow.struggle_detected");
				return new Alert(student(record.key()),
						(int) Duration.between(START, Instant.parse(alert.get("detected_at").asString())).toMinutes());
			}).toList();
			assertThat(alerts).isEqualTo(expected);
		}
	}

	private TopologyTestDriver driver() {
		StreamsBuilder builder = new StreamsBuilder();
		new StruggleTopology().struggleDetection(builder, new DetectionProperties(
				new DetectionProperties.RepeatedErrors(3, Duration.ofMinutes(10))));
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, "struggle-detector-test-detection");
		config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
		config.put(StreamsConfig.STATE_DIR_CONFIG, this.stateDir.toString());
		return new TopologyTestDriver(builder.build(), config);
	}

	static final Map<String, UUID> STUDENTS = Map.of("ana", UUID.fromString("00000000-0000-4000-8000-00000000a0a0"),
			"ben", UUID.fromString("00000000-0000-4000-8000-00000000b0b0"));

	static String student(String userId) {
		return STUDENTS.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().toString().equals(userId))
			.findFirst()
			.orElseThrow()
			.getKey();
	}

	static Execution fail(String student, String session, int minute) {
		return new Execution(student, session, minute, false);
	}

	static Execution ok(String student, String session, int minute) {
		return new Execution(student, session, minute, true);
	}

	static Alert alert(String student, int minute) {
		return new Alert(student, minute);
	}

	record Execution(String student, String sessionName, int minute, boolean success) {

		UUID session() {
			return UUID.nameUUIDFromBytes(this.sessionName.getBytes(StandardCharsets.UTF_8));
		}

		Instant at() {
			return START.plus(Duration.ofMinutes(this.minute));
		}

		/** Plain JSON as a Python client writes it: no headers, no type information. */
		String json() {
			return """
					{"event_type": "code_execution", "user_id": "%s", "session_id": "%s", "language": "python",
					 "execution_time_ms": 12, "success": %s, "error": %s}"""
				.formatted(STUDENTS.get(this.student), session(), this.success,
						this.success ? "null" : "\"NameError: name 'x' is not defined\"");
		}

	}

	record Alert(String student, int minute) {
	}

}
