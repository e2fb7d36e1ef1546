package com.learnflow.struggle.stream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.learnflow.events.EventTimeWindow;
import com.learnflow.events.TopicCatalog;
import com.learnflow.struggle.BoundProperties;
import com.learnflow.struggle.rules.DetectionProperties;
import com.learnflow.struggle.rules.SeenEventIds;
import com.learnflow.struggle.rules.StudentState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The rules table on the real topology ({@code TopologyTestDriver}). Each case lists what
 * students do, at which minute after 10:00, and the alerts it must give as (student,
 * struggle type, action, minute).
 */
class StruggleRulesTests {

	static final Instant START = Instant.parse("2024-01-15T10:00:00Z");

	/**
	 * Less than the stall rule's idle-after (1 minute): the detector still counts its
	 * input as flowing.
	 */
	static final Duration TICK = Duration.ofSeconds(20);

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String REUSED_ID = "reused-id:";

	static final Map<String, UUID> STUDENTS = Map.of("ana", UUID.fromString("00000000-0000-4000-8000-00000000a0a0"),
			"ben", UUID.fromString("00000000-0000-4000-8000-00000000b0b0"));

	@TempDir
	Path stateDir;

	static Stream<Arguments> rulesTable() {
		return Stream.of(
				// repeated_errors
				arguments("two failures are not a struggle", List.of(fail("ana", 0), fail("ana", 1)), List.of()),
				arguments("the third failure within 10 minutes raises one alert",
						List.of(fail("ana", 0), fail("ana", 4), fail("ana", 9)),
						List.of(alert("ana", "repeated_errors", "offer_hint", 9))),
				arguments("failures spread over more than 10 minutes are not a struggle",
						List.of(fail("ana", 0), fail("ana", 6), fail("ana", 10)), List.of()),
				arguments("a success resets the streak",
						List.of(fail("ana", 0), fail("ana", 1), ok("ana", 2), fail("ana", 3), fail("ana", 4)),
						List.of()),
				arguments("students do not share streaks",
						List.of(fail("ana", 0), fail("ben", 1), fail("ana", 2), fail("ben", 3)), List.of()),
				arguments("an event delivered twice counts once",
						List.of(fail("ana", 0), fail("ana", 1), again(), fail("ana", 2)),
						List.of(alert("ana", "repeated_errors", "offer_hint", 2))),
				arguments("an event delivered twice does not complete a pattern",
						List.of(fail("ana", 0), fail("ana", 1), again()), List.of()),
				arguments("an event sent again minutes later (a new record time, the same id) counts once",
						List.of(fail("ana", 0), fail("ana", 1), againAt(5)), List.of()),
				arguments("another student's events with the same ids are hers: no writer hides them by reusing ids",
						List.of(fail("ana", 0), withPreviousId(fail("ben", 0)), fail("ana", 1),
								withPreviousId(fail("ben", 1)), fail("ana", 2), withPreviousId(fail("ben", 2))),
						List.of(alert("ana", "repeated_errors", "offer_hint", 2),
								alert("ben", "repeated_errors", "offer_hint", 2))),
				arguments("a late failure inside the window still counts; the alert is timed by the newest failure",
						List.of(fail("ana", 8), fail("ana", 9), fail("ana", 1)),
						List.of(alert("ana", "repeated_errors", "offer_hint", 9))),
				arguments("the same failures in another order (a replay) give the same alert",
						List.of(fail("ana", 9), fail("ana", 0), fail("ana", 4)),
						List.of(alert("ana", "repeated_errors", "offer_hint", 9))),
				arguments("cool-down: one repeated_errors alert per 15 minutes",
						List.of(fail("ana", 0), fail("ana", 1), fail("ana", 2), fail("ana", 3), fail("ana", 4),
								fail("ana", 5), fail("ana", 20), fail("ana", 21), fail("ana", 22)),
						List.of(alert("ana", "repeated_errors", "offer_hint", 2),
								alert("ana", "repeated_errors", "offer_hint", 22))),
				// low_scores
				arguments("one low score is not enough", List.of(score("ana", 0, 20)), List.of()),
				arguments("two scores with a mean below 60 raise an alert",
						List.of(score("ana", 0, 55), score("ana", 5, 40)),
						List.of(alert("ana", "low_scores", "suggest_review", 5))),
				arguments("the same scores in another order give the same alert",
						List.of(score("ana", 5, 40), score("ana", 0, 55)),
						List.of(alert("ana", "low_scores", "suggest_review", 5))),
				arguments("a mean of exactly 60 is not below 60", List.of(score("ana", 0, 70), score("ana", 5, 50)),
						List.of()),
				arguments("a student's state is forgotten once it is older than the event-time window (7 days)",
						List.of(score("ana", 0, 40), score("ana", 7 * 24 * 60 + 1, 40)), List.of()),
				arguments("within the window it is kept",
						List.of(score("ana", 0, 40), score("ana", 7 * 24 * 60 - 1, 40)),
						List.of(alert("ana", "low_scores", "suggest_review", 7 * 24 * 60 - 1))),
				arguments("only the last three scores count",
						List.of(score("ana", 0, 90), score("ana", 1, 90), score("ana", 2, 30), score("ana", 3, 30)),
						List.of(alert("ana", "low_scores", "suggest_review", 3))),
				// stalled_exercise
				arguments("no progress 30 minutes after a start is a stall, found without any further event",
						List.of(start("ana", 0), wallClock(29)), List.of()),
				arguments("the stall is found within a minute of the 30 minutes passing",
						List.of(start("ana", 0), wallClock(31)),
						List.of(alert("ana", "stalled_exercise", "offer_hint", 30))),
				arguments("a successful execution is progress", List.of(start("ana", 0), ok("ana", 10), wallClock(31)),
						List.of()),
				arguments("a submission is progress", List.of(start("ana", 0), score("ana", 20, 95), wallClock(31)),
						List.of()),
				arguments("a failed execution is not progress",
						List.of(start("ana", 0), fail("ana", 10), wallClock(31)),
						List.of(alert("ana", "stalled_exercise", "offer_hint", 30))),
				// escalation
				arguments("the third alert within 24 hours goes to the instructor",
						List.of(fail("ana", 0), fail("ana", 1), fail("ana", 2), score("ana", 3, 10),
								score("ana", 4, 10), start("ana", 5), wallClock(36)),
						List.of(alert("ana", "repeated_errors", "offer_hint", 2),
								alert("ana", "low_scores", "suggest_review", 4),
								alert("ana", "stalled_exercise", "notify_instructor", 35))),
				// stalled_exercise judged as far as the input has come, after an outage
				// or in a replay
				arguments("a backlog read two hours late raises no stall before its own progress is read",
						List.of(wallClock(120), backlog(), start("ana", 0), start("ben", 0), tick(), ok("ben", 10),
								tick(), wallClock(125)),
						List.of(alert("ana", "stalled_exercise", "offer_hint", 30))),
				arguments("in a backlog, a stall is judged once the input has come past its due time",
						List.of(wallClock(120), backlog(), start("ana", 0), fail("ben", 31), tick()),
						List.of(alert("ana", "stalled_exercise", "offer_hint", 30))),
				arguments("in a backlog, progress read before the due time is never a stall", List.of(wallClock(120),
						backlog(), start("ana", 0), score("ana", 20, 95), fail("ben", 40), tick(), wallClock(125)),
						List.of()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rulesTable")
	void rules(String name, List<Step> steps, List<Alert> expected) {
		assertThat(run(steps)).isEqualTo(expected);
	}

	@Test
	void confidenceGrowsWithTheEvidence() {
		List<Step> differentErrors = List.of(fail("ana", 0, "E1"), fail("ana", 1, "E2"), fail("ana", 2, "E3"));
		List<Step> sameError = List.of(fail("ana", 0, "E1"), fail("ana", 1, "E1"), fail("ana", 2, "E1"));
		assertThat(run(differentErrors).get(0).confidence()).isEqualTo(0.875);
		assertThat(run(sameError).get(0).confidence()).isEqualTo(0.9375);

		double mean50 = run(List.of(score("ana", 0, 50), score("ana", 1, 50), score("ana", 2, 50))).get(0).confidence();
		double mean20 = run(List.of(score("ana", 0, 20), score("ana", 1, 20), score("ana", 2, 20))).get(0).confidence();
		assertThat(mean20).isGreaterThan(mean50).isLessThanOrEqualTo(1);
		assertThat(mean50).isGreaterThan(0);

		double onTime = run(List.of(start("ana", 0), wallClock(31))).get(0).confidence();
		double late = run(List.of(start("ana", 0), wallClock(50))).get(0).confidence();
		assertThat(late).isGreaterThan(onTime);
		assertThat(onTime).isGreaterThan(0.5);
	}

	/**
	 * With a {@code ce_id} header (the ingest services' form) the detector first tries a
	 * direct read; same outcome.
	 */
	@ParameterizedTest(name = "with a ce_id header: {0}")
	@ValueSource(booleans = { false, true })
	void anUnreadableRecordGoesToTheDeadLetterTopicAndTheNextOneIsProcessed(boolean withEventId) {
		try (TopologyTestDriver driver = driver()) {
			TestInputTopic<String, String> executions = input(driver, "code.executed");
			TestOutputTopic<String, String> deadLetters = driver.createOutputTopic("code.executed.dlt",
					new StringDeserializer(), new StringDeserializer());
			RecordHeaders headers = new RecordHeaders();
			if (withEventId) {
				headers.add("ce_id", "poison".getBytes(StandardCharsets.UTF_8));
			}
			executions.pipeInput(new TestRecord<>("k", "not json at all", headers, START));
			executions.pipeInput(new TestRecord<>("k",
					"{\"user_id\": \"" + STUDENTS.get("ana") + "\", \"success\": \"no\"}", headers, START));
			for (int minute = 0; minute < 3; minute++) {
				pipe(executions, fail("ana", minute), "id-" + minute);
			}

			List<TestRecord<String, String>> dead = deadLetters.readRecordsToList();
			assertThat(dead).extracting(TestRecord::value)
				.containsExactly("not json at all",
						"{\"user_id\": \"" + STUDENTS.get("ana") + "\", \"success\": \"no\"}");
			assertThat(header(dead.get(0), DeadLetters.REASON)).isEqualTo("not_json");
			assertThat(header(dead.get(1), DeadLetters.REASON)).isEqualTo("invalid_event");
			assertThat(header(dead.get(1), DeadLetters.ORIGINAL_TOPIC)).isEqualTo("code.executed");
			assertThat(header(dead.get(1), DeadLetters.ORIGINAL_OFFSET)).isEqualTo("1");
			assertThat(alerts(driver)).hasSize(1);
		}
	}

	/** A window of one hour, so that the test's clock passes fewer stall checks. */
	@Test
	void seenIdsAreKeptInTheStudentsStateForTheWindowAndForgottenOnceHerInputIsPastIt() {
		DetectionProperties oneHour = BoundProperties.of(DetectionProperties.class, Map.of("duplicate-window", "1h"));
		try (TopologyTestDriver driver = driver(oneHour)) {
			TestInputTopic<String, String> executions = input(driver, "code.executed");
			int ids = SeenEventIds.MAX - 10;
			for (int i = 0; i < ids; i++) {
				pipe(executions, ok("ana", 0), "id-" + i);
			}
			KeyValueStore<String, StudentState> states = driver.getKeyValueStore(DetectionProcessor.STATES);
			String ana = STUDENTS.get("ana").toString();
			assertThat(states.get(ana).seen().size()).isEqualTo(ids);

			// Forgotten once her input has come an hour past minute 0: by minute 65, not
			// by minute 50.
			Instant wallClock = at(driver, executions, START, 50, "late-50");
			assertThat(states.get(ana).seen().size()).as("within the window").isEqualTo(ids + 1);
			at(driver, executions, wallClock, 65, "late-65");
			SeenEventIds seen = states.get(ana).seen();
			assertThat(seen.size()).isEqualTo(2);
			assertThat(seen.contains(SeenEventIds.hash("late-50"), minutes(50), Duration.ofHours(1).toMillis()))
				.isTrue();
		}
	}

	@Test
	void aStudentKeepsHerLatestIdsOnly() {
		try (TopologyTestDriver driver = driver()) {
			TestInputTopic<String, String> executions = input(driver, "code.executed");
			for (int i = 0; i < SeenEventIds.MAX + 10; i++) {
				pipe(executions, ok("ana", 0), "id-" + i);
			}
			KeyValueStore<String, StudentState> states = driver.getKeyValueStore(DetectionProcessor.STATES);
			SeenEventIds seen = states.get(STUDENTS.get("ana").toString()).seen();
			long window = BoundProperties.defaults(DetectionProperties.class).duplicateWindow().toMillis();
			assertThat(seen.size()).isEqualTo(SeenEventIds.MAX);
			assertThat(seen.contains(SeenEventIds.hash("id-9"), minutes(0), window)).as("the earliest").isFalse();
			assertThat(seen.contains(SeenEventIds.hash("id-10"), minutes(0), window)).isTrue();
		}
	}

	private static long minutes(int minute) {
		return START.plus(Duration.ofMinutes(minute)).toEpochMilli();
	}

	/**
	 * Moves the wall clock to the minute, sends a success there, and lets one stall check
	 * run.
	 */
	private static Instant at(TopologyTestDriver driver, TestInputTopic<String, String> input, Instant wallClock,
			int minute, String id) {
		Instant target = START.plus(Duration.ofMinutes(minute));
		driver.advanceWallClockTime(Duration.between(wallClock, target));
		pipe(input, new Step("code.executed", "ana", minute, ok("ana", minute).json()), id);
		driver.advanceWallClockTime(TICK);
		return target.plus(TICK);
	}

	@Test
	void aDaprEnvelopeIsReadLikePlainJson() {
		try (TopologyTestDriver driver = driver()) {
			TestInputTopic<String, String> executions = input(driver, "code.executed");
			for (int minute = 0; minute < 3; minute++) {
				String data = fail("ana", minute).json();
				String envelope = (minute == 1)
						? "{\"specversion\":\"1.0\",\"id\":\"dapr-" + minute + "\",\"type\":\"com.dapr.event.sent\","
								+ "\"source\":\"py\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}"
						: "{\"specversion\":\"1.0\",\"id\":\"dapr-" + minute + "\",\"data\":"
								+ JSON.writeValueAsString(data) + "}";
				executions.pipeInput(new TestRecord<>("s", envelope, START.plus(Duration.ofMinutes(minute))));
			}
			List<TestRecord<String, String>> alerts = alerts(driver);
			assertThat(alerts).hasSize(1);
			assertThat(header(alerts.get(0), DetectionProcessor.EVIDENCE_HEADER)).isEqualTo("dapr-0,dapr-1,dapr-2");
			assertThat(header(alerts.get(0), DetectionProcessor.RULE_HEADER)).isEqualTo("repeated_errors");
			assertThat(header(alerts.get(0), "ce_type")).isEqualTo("com.learnflow.struggle_detected");
		}
	}

	private List<Alert> run(List<Step> steps) {
		try (TopologyTestDriver driver = driver()) {
			Map<String, TestInputTopic<String, String>> inputs = Map.of("code.executed", input(driver, "code.executed"),
					"learning.submitted", input(driver, "learning.submitted"), "exercise.started",
					input(driver, "exercise.started"));
			Instant wallClock = START;
			boolean backlog = false;
			Step previous = null;
			int id = 0;
			for (Step step : steps) {
				if (step.kind().equals("wall-clock") || step.kind().equals("tick")) {
					Instant target = step.kind().equals("tick") ? wallClock.plus(TICK)
							: START.plus(Duration.ofMinutes(step.minute()));
					driver.advanceWallClockTime(Duration.between(wallClock, target));
					wallClock = target;
					continue;
				}
				if (!backlog) {
					// Live: an event arrives when it happens, so the detector's clock has
					// come to it.
					Instant happens = START.plus(Duration.ofMinutes(step.minute()));
					if (happens.isAfter(wallClock)) {
						driver.advanceWallClockTime(Duration.between(wallClock, happens));
						wallClock = happens;
					}
				}
				if (step.kind().equals("backlog")) {
					backlog = true;
				}
				else if (step.kind().equals("again")) {
					pipe(inputs.get(previous.topic()), previous, "event-" + id);
				}
				else if (step.kind().startsWith(REUSED_ID)) {
					pipe(inputs.get(step.topic()), step, "event-" + id);
				}
				else if (step.kind().equals("again-at")) {
					pipe(inputs.get(previous.topic()),
							new Step(previous.kind(), previous.student(), step.minute(), previous.json()),
							"event-" + id);
				}
				else {
					previous = step;
					pipe(inputs.get(step.topic()), step, "event-" + (++id));
				}
			}
			return alerts(driver).stream().map((record) -> {
				JsonNode alert = JSON.readTree(record.value());
				assertThat(record.key()).isEqualTo(alert.get("user_id").asString());
				assertThat(alert.get("confidence").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(1);
				return new Alert(student(record.key()), alert.get("struggle_type").asString(),
						alert.get("recommended_action").asString(),
						(int) Duration.between(START, Instant.parse(alert.get("detected_at").asString())).toMinutes(),
						alert.get("confidence").asDouble());
			}).toList();
		}
	}

	private TopologyTestDriver driver() {
		return driver(BoundProperties.defaults(DetectionProperties.class));
	}

	private TopologyTestDriver driver(DetectionProperties properties) {
		StreamsBuilder builder = new StreamsBuilder();
		StruggleTopology.build(builder, properties, EventTimeWindow.DEFAULT,
				new DetectionMetrics(new SimpleMeterRegistry()), TopicCatalog.PARTITIONS);
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, "struggle-detector-test-detection");
		config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
		config.put(StreamsConfig.STATE_DIR_CONFIG, this.stateDir.toString());
		return new TopologyTestDriver(builder.build(), config, START);
	}

	private static TestInputTopic<String, String> input(TopologyTestDriver driver, String topic) {
		return driver.createInputTopic(topic, new StringSerializer(), new StringSerializer());
	}

	private static List<TestRecord<String, String>> alerts(TopologyTestDriver driver) {
		return new ArrayList<>(
				driver.createOutputTopic("struggle.detected", new StringDeserializer(), new StringDeserializer())
					.readRecordsToList());
	}

	/**
	 * Sends a step as its producer would: plain JSON with a ce_id header, timestamped
	 * with the step's minute.
	 */
	private static void pipe(TestInputTopic<String, String> input, Step step, String eventId) {
		RecordHeaders headers = new RecordHeaders();
		headers.add("ce_id", eventId.getBytes(StandardCharsets.UTF_8));
		input.pipeInput(
				new TestRecord<>(step.student(), step.json(), headers, START.plus(Duration.ofMinutes(step.minute()))));
	}

	private static String header(TestRecord<String, String> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	static String student(String userId) {
		return STUDENTS.entrySet()
			.stream()
			.filter((e) -> e.getValue().toString().equals(userId))
			.findFirst()
			.orElseThrow()
			.getKey();
	}

	static Step fail(String student, int minute) {
		return fail(student, minute, "NameError: name 'x' is not defined at " + minute);
	}

	static Step fail(String student, int minute, String error) {
		return new Step("code.executed", student, minute, """
				{"event_type": "code_execution", "user_id": "%s", "session_id": "%s", "language": "python",
				 "execution_time_ms": 12, "success": false, "error": "%s"}""".formatted(STUDENTS.get(student),
				UUID.randomUUID(), error));
	}

	static Step ok(String student, int minute) {
		return new Step("code.executed", student, minute, """
				{"event_type": "code_execution", "user_id": "%s", "session_id": "%s", "language": "python",
				 "execution_time_ms": 12, "success": true, "error": null}""".formatted(STUDENTS.get(student),
				UUID.randomUUID()));
	}

	static Step score(String student, int minute, double score) {
		return new Step("learning.submitted", student, minute, """
				{"event_type": "submission", "user_id": "%s", "class_id": "%s", "quiz_id": "%s",
				 "submitted_at": "%s", "score": %s}""".formatted(STUDENTS.get(student), UUID.randomUUID(),
				UUID.randomUUID(), START.plus(Duration.ofMinutes(minute)), score));
	}

	static Step start(String student, int minute) {
		return new Step("exercise.started", student, minute, """
				{"event_type": "exercise_started", "user_id": "%s", "exercise_id": "%s", "started_at": "%s"}"""
			.formatted(STUDENTS.get(student), UUID.randomUUID(), START.plus(Duration.ofMinutes(minute))));
	}

	/** The previous event, delivered again with the same id. */
	static Step again() {
		return new Step("again", null, 0, null);
	}

	/**
	 * The previous event, sent again with the same id as a new record at this minute (a
	 * client's own retry).
	 */
	static Step againAt(int minute) {
		return new Step("again-at", null, minute, null);
	}

	/**
	 * This event, sent with the id of the one before it (another writer reusing an id).
	 */
	static Step withPreviousId(Step step) {
		return new Step(REUSED_ID + step.kind(), step.student(), step.minute(), step.json());
	}

	/**
	 * The wall clock moves on by {@link #TICK}: the stall checks run, and the detector is
	 * not yet idle.
	 */
	static Step tick() {
		return new Step("tick", null, 0, null);
	}

	/**
	 * From here on events come from a backlog: they are read at the wall clock's current
	 * time, whatever their own, as a detector reads them after an outage or in a replay.
	 */
	static Step backlog() {
		return new Step("backlog", null, 0, null);
	}

	/** The wall clock moves to this minute; due stall checks run. */
	static Step wallClock(int minute) {
		return new Step("wall-clock", null, minute, null);
	}

	static Alert alert(String student, String type, String action, int minute) {
		return new Alert(student, type, action, minute, 0);
	}

	record Step(String kind, String student, int minute, String json) {

		String topic() {
			return this.kind.startsWith(REUSED_ID) ? this.kind.substring(REUSED_ID.length()) : this.kind;
		}

	}

	/** An expected or actual alert; confidence is not part of the comparison. */
	record Alert(String student, String type, String action, int minute, double confidence) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Alert alert && alert.student.equals(this.student) && alert.type.equals(this.type)
					&& alert.action.equals(this.action) && alert.minute == this.minute;
		}

		@Override
		public int hashCode() {
			return java.util.Objects.hash(this.student, this.type, this.action, this.minute);
		}

	}

}
