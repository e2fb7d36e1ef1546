package com.learnflow.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The records' JSON is exactly the documented schema, validates against the shipped JSON
 * Schema, and the records refuse exactly the payloads that the schema refuses.
 */
class EventJsonTests {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	static final UUID USER = UUID.fromString("3f2a1c9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b");

	static final UUID OTHER = UUID.fromString("0b9e7c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d");

	static final UUID THIRD = UUID.fromString("9c8b7a6f-5e4d-4c3b-a2a1-0f9e8d7c6b5a");

	/** U+1F40D, one character (code point) that takes two UTF-16 units. */
	static final String SNAKE = Character.toString(0x1F40D);

	static Stream<Arguments> eventsAndTheirJson() {
		return Stream.of(arguments(TopicCatalog.LEARNING_SUBMITTED,
				new LearningSubmitted(USER, OTHER, THIRD, Instant.parse("2024-01-15T10:30:00Z"), 85.5),
				"{\"event_type\":\"submission\",\"user_id\":\"" + USER + "\",\"class_id\":\"" + OTHER
						+ "\",\"quiz_id\":\"" + THIRD + "\",\"submitted_at\":\"2024-01-15T10:30:00Z\",\"score\":85.5}"),
				arguments(TopicCatalog.CODE_EXECUTED, new CodeExecuted(USER, OTHER, "python", 150, true, null),
						"{\"event_type\":\"code_execution\",\"user_id\":\"" + USER + "\",\"session_id\":\"" + OTHER
								+ "\",\"language\":\"python\",\"execution_time_ms\":150,\"success\":true,\"error\":null}"),
				arguments(TopicCatalog.CODE_EXECUTED,
						new CodeExecuted(USER, OTHER, "python", 7, false, "NameError: name 'x' is not defined"),
						"{\"event_type\":\"code_execution\",\"user_id\":\"" + USER + "\",\"session_id\":\"" + OTHER
								+ "\",\"language\":\"python\",\"execution_time_ms\":7,\"success\":false,"
								+ "\"error\":\"NameError: name 'x' is not defined\"}"),
				arguments(TopicCatalog.EXERCISE_STARTED,
						new ExerciseStarted(USER, OTHER, Instant.parse("2024-01-15T10:00:00Z")),
						"{\"event_type\":\"exercise_started\",\"user_id\":\"" + USER + "\",\"exercise_id\":\"" + OTHER
								+ "\",\"started_at\":\"2024-01-15T10:00:00Z\"}"),
				arguments(TopicCatalog.STRUGGLE_DETECTED,
						new StruggleDetected(USER, "repeated_errors", 0.85, "offer_hint",
								Instant.parse("2024-01-15T10:25:00.123456789Z")),
						"{\"event_type\":\"struggle_detected\",\"user_id\":\"" + USER
								+ "\",\"struggle_type\":\"repeated_errors\",\"confidence\":0.85,"
								+ "\"recommended_action\":\"offer_hint\",\"detected_at\":\"2024-01-15T10:25:00.123Z\"}"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("eventsAndTheirJson")
	void writesExactlyTheDocumentedJson(EventTopic<?> topic, LearnFlowEvent event, String json) {
		assertThat(MAPPER.writeValueAsString(event)).isEqualTo(json);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("eventsAndTheirJson")
	void writtenJsonValidatesAgainstTheShippedSchema(EventTopic<?> topic, LearnFlowEvent event, String json) {
		assertThat(schemaOf(topic).validate(MAPPER.readTree(MAPPER.writeValueAsString(event)))).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("eventsAndTheirJson")
	void readsBackTheSameEventWithoutTypeInformation(EventTopic<?> topic, LearnFlowEvent event, String json) {
		assertThat(MAPPER.readValue(json, topic.eventClass())).isEqualTo(event);
	}

	/**
	 * The sample payloads of LearnFlow's message schemas, with real UUIDs in place of
	 * "uuid".
	 */
	static Stream<Arguments> referenceSamples() {
		return Stream.of(arguments(TopicCatalog.LEARNING_SUBMITTED, """
				{"event_type": "submission", "user_id": "%s", "class_id": "%s", "quiz_id": "%s",
				 "submitted_at": "2024-01-15T10:30:00Z", "score": 85.5}""".formatted(USER, OTHER, THIRD)),
				arguments(TopicCatalog.CODE_EXECUTED, """
						{"event_type": "code_execution", "user_id": "%s", "session_id": "%s", "language": "python",
						 "execution_time_ms": 150, "success": true, "error": null}""".formatted(USER, OTHER)),
				arguments(TopicCatalog.EXERCISE_STARTED, """
						{"event_type": "exercise_started", "user_id": "%s", "exercise_id": "%s",
						 "started_at": "2024-01-15T10:00:00Z"}""".formatted(USER, OTHER)),
				arguments(TopicCatalog.STRUGGLE_DETECTED,
						"""
								{"event_type": "struggle_detected", "user_id": "%s", "struggle_type": "repeated_errors",
								 "confidence": 0.85, "recommended_action": "offer_hint", "detected_at": "2024-01-15T10:25:00Z"}"""
							.formatted(USER)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("referenceSamples")
	void referenceSamplesAreValidForSchemaAndRecord(EventTopic<?> topic, String json) {
		assertThat(schemaOf(topic).validate(MAPPER.readTree(json))).isEmpty();
		LearnFlowEvent event = MAPPER.readValue(json, topic.eventClass());
		assertThat(event.eventType()).isEqualTo(topic.eventType());
		assertThat(event.userId()).isEqualTo(USER);
	}

	static Stream<Arguments> invalidPayloads() {
		String submission = """
				{"event_type": "submission", "user_id": "%s", "class_id": "%s", "quiz_id": "%s",
				 "submitted_at": "2024-01-15T10:30:00Z", "score": %%s}""".formatted(USER, OTHER, THIRD);
		String execution = """
				{"event_type": "code_execution", "user_id": "%s", "session_id": "%s", "language": %%s,
				 "execution_time_ms": %%s, "success": true, "error": null}""".formatted(USER, OTHER);
		return Stream.of(arguments("score above 100", TopicCatalog.LEARNING_SUBMITTED, submission.formatted("100.5")),
				arguments("negative score", TopicCatalog.LEARNING_SUBMITTED, submission.formatted("-1")),
				arguments("score as text", TopicCatalog.LEARNING_SUBMITTED, submission.formatted("\"85\"")),
				arguments("wrong event_type", TopicCatalog.LEARNING_SUBMITTED,
						submission.formatted("85").replace("\"submission\"", "\"code_execution\"")),
				arguments("user_id not a UUID", TopicCatalog.LEARNING_SUBMITTED,
						submission.formatted("85").replace(USER.toString(), "uuid")),
				arguments("missing quiz_id", TopicCatalog.LEARNING_SUBMITTED,
						submission.formatted("85").replace("\"quiz_id\": \"" + THIRD + "\",", "")),
				arguments("negative execution time", TopicCatalog.CODE_EXECUTED,
						execution.formatted("\"python\"", "-5")),
				arguments("blank language", TopicCatalog.CODE_EXECUTED, execution.formatted("\"  \"", "5")),
				arguments("missing started_at", TopicCatalog.EXERCISE_STARTED,
						"""
								{"event_type": "exercise_started", "user_id": "%s", "exercise_id": "%s"}"""
							.formatted(USER, OTHER)),
				arguments("confidence above 1", TopicCatalog.STRUGGLE_DETECTED,
						"""
								{"event_type": "struggle_detected", "user_id": "%s", "struggle_type": "repeated_errors",
								 "confidence": 1.5, "recommended_action": "offer_hint", "detected_at": "2024-01-15T10:25:00Z"}"""
							.formatted(USER)),
				arguments("execution time over an hour", TopicCatalog.CODE_EXECUTED,
						execution.formatted("\"python\"", "3600001")),
				arguments("language with a bell character", TopicCatalog.CODE_EXECUTED,
						execution.formatted("\"py\\u0007thon\"", "5")),
				arguments("language with a line feed", TopicCatalog.CODE_EXECUTED,
						execution.formatted("\"py\\nthon\"", "5")),
				arguments("language of 33 characters outside the BMP", TopicCatalog.CODE_EXECUTED,
						execution.formatted("\"" + SNAKE.repeat(33) + "\"", "5")),
				arguments("language with an unpaired low surrogate", TopicCatalog.CODE_EXECUTED,
						execution.formatted("\"\\udc0dpython\"", "5")),
				arguments("error with NUL", TopicCatalog.CODE_EXECUTED, withError("boom\\u0000")),
				arguments("error with an ANSI escape", TopicCatalog.CODE_EXECUTED, withError("\\u001b[31mboom")),
				arguments("error with DEL", TopicCatalog.CODE_EXECUTED, withError("boom\\u007f")),
				arguments("error with a C1 control (NEL)", TopicCatalog.CODE_EXECUTED, withError("boom\\u0085")),
				arguments("error with an unpaired high surrogate", TopicCatalog.CODE_EXECUTED,
						withError("boom\\ud83d")),
				arguments("error of 8193 characters outside the BMP", TopicCatalog.CODE_EXECUTED,
						withError(SNAKE.repeat(8193))),
				arguments("started_at with a five-digit year", TopicCatalog.EXERCISE_STARTED,
						exerciseStart("+10000-01-01T00:00:00Z")),
				arguments("started_at before year 0000", TopicCatalog.EXERCISE_STARTED,
						exerciseStart("-0001-12-31T23:59:59Z")),
				arguments("struggle_type with a tab", TopicCatalog.STRUGGLE_DETECTED,
						"""
								{"event_type": "struggle_detected", "user_id": "%s", "struggle_type": "repeated\\terrors",
								 "confidence": 0.5, "recommended_action": "offer_hint", "detected_at": "2024-01-15T10:25:00Z"}"""
							.formatted(USER)));
	}

	/** Payloads at the edges of every bound, which schema and record both accept. */
	static Stream<Arguments> edgePayloads() {
		String execution = """
				{"event_type": "code_execution", "user_id": "%s", "session_id": "%s", "language": "%%s",
				 "execution_time_ms": %%s, "success": false, "error": %%s}""".formatted(USER, OTHER);
		return Stream.of(
				arguments("execution time of exactly one hour", TopicCatalog.CODE_EXECUTED,
						execution.formatted("python", "3600000", "null")),
				arguments("execution time 0", TopicCatalog.CODE_EXECUTED, execution.formatted("python", "0", "null")),
				arguments("language of 32 characters outside the BMP (64 UTF-16 units)", TopicCatalog.CODE_EXECUTED,
						execution.formatted(SNAKE.repeat(32), "5", "null")),
				arguments("language with spaces, punctuation and accents", TopicCatalog.CODE_EXECUTED,
						execution.formatted("C++ (gcc 13) / Fran\\u00e7ais", "5", "null")),
				arguments("error with tab, line feed and carriage return", TopicCatalog.CODE_EXECUTED,
						withError("Traceback:\\r\\n\\tline 1\\nNameError")),
				arguments("error of 8192 characters outside the BMP (16384 UTF-16 units)", TopicCatalog.CODE_EXECUTED,
						withError(SNAKE.repeat(8192))),
				arguments("error with a surrogate pair written as escapes", TopicCatalog.CODE_EXECUTED,
						withError("\\ud83d\\udc0d")),
				arguments("started_at in year 0000", TopicCatalog.EXERCISE_STARTED,
						exerciseStart("0000-01-01T00:00:00Z")),
				arguments("started_at at the last millisecond of 9999", TopicCatalog.EXERCISE_STARTED,
						exerciseStart("9999-12-31T23:59:59.999Z")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("edgePayloads")
	void schemaAndRecordAcceptTheSameEdgePayloads(String name, EventTopic<?> topic, String json) {
		assertThat(schemaOf(topic).validate(MAPPER.readTree(json))).isEmpty();
		assertThat(MAPPER.readValue(json, topic.eventClass())).isNotNull();
	}

	@Test
	void aTextProblemSaysWhichCharacterIsWrongAndWhere() {
		assertThatThrownBy(() -> new CodeExecuted(USER, OTHER, SNAKE + "py\u0000", 1, true, null))
			.isInstanceOf(InvalidEventException.class)
			.hasMessage("language must not contain control characters but has U+0000 at character 4");
		assertThatThrownBy(() -> new CodeExecuted(USER, OTHER, "python", 1, false, "a\nb\u0085"))
			.hasMessage("error must not contain control characters other than tab and line breaks but has U+0085"
					+ " at character 4");
		assertThatThrownBy(() -> new CodeExecuted(USER, OTHER, "python", 1, false, "x\uDC0D"))
			.hasMessage("error must be valid Unicode but has an unpaired surrogate U+DC0D at character 2");
		assertThatThrownBy(() -> new CodeExecuted(USER, OTHER, "p".repeat(33), 1, true, null))
			.hasMessage("language must be at most 32 characters but has 33");
		assertThatThrownBy(
				() -> new CodeExecuted(USER, OTHER, "python", CodeExecuted.MAX_EXECUTION_TIME_MS + 1, true, null))
			.hasMessage("execution_time_ms must be between 0 and 3600000 but was 3600001");
	}

	@Test
	void theSchemasCarryTheTextPatternsTheRecordsApply() throws IOException {
		assertThat(property(TopicCatalog.CODE_EXECUTED, "language").at("/allOf/1/pattern").asString())
			.isEqualTo(EventText.SINGLE_LINE_PATTERN);
		assertThat(property(TopicCatalog.CODE_EXECUTED, "error").get("pattern").asString())
			.isEqualTo(EventText.MULTILINE_PATTERN);
		assertThat(property(TopicCatalog.STRUGGLE_DETECTED, "struggle_type").at("/allOf/1/pattern").asString())
			.isEqualTo(EventText.SINGLE_LINE_PATTERN);
		assertThat(property(TopicCatalog.STRUGGLE_DETECTED, "recommended_action").at("/allOf/1/pattern").asString())
			.isEqualTo(EventText.SINGLE_LINE_PATTERN);
		assertThat(property(TopicCatalog.CODE_EXECUTED, "execution_time_ms").get("maximum").asLong())
			.isEqualTo(CodeExecuted.MAX_EXECUTION_TIME_MS);
	}

	static tools.jackson.databind.JsonNode property(EventTopic<?> topic, String name) throws IOException {
		try (InputStream in = EventJsonTests.class.getClassLoader().getResourceAsStream(topic.schemaResource())) {
			return MAPPER.readTree(in).get("properties").get(name);
		}
	}

	static String withError(String error) {
		return """
				{"event_type": "code_execution", "user_id": "%s", "session_id": "%s", "language": "python",
				 "execution_time_ms": 5, "success": false, "error": "%s"}""".formatted(USER, OTHER, error);
	}

	static String exerciseStart(String startedAt) {
		return """
				{"event_type": "exercise_started", "user_id": "%s", "exercise_id": "%s", "started_at": "%s"}"""
			.formatted(USER, OTHER, startedAt);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidPayloads")
	void schemaAndRecordRefuseTheSamePayloads(String name, EventTopic<?> topic, String json) {
		assertThat(schemaOf(topic).validate(MAPPER.readTree(json))).isNotEmpty();
		JsonMapper strict = JsonMapper.builder()
			.disable(tools.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.build();
		assertThatThrownBy(() -> strict.readValue(json, topic.eventClass())).isNotNull();
	}

	@Test
	void timestampsAreNormalisedToUtcMilliseconds() {
		String json = """
				{"user_id": "%s", "exercise_id": "%s", "started_at": "2024-01-15T12:00:00.123456+02:00"}"""
			.formatted(USER, OTHER);
		ExerciseStarted event = MAPPER.readValue(json, ExerciseStarted.class);
		assertThat(event.startedAt()).isEqualTo(Instant.parse("2024-01-15T10:00:00.123Z"));
		assertThat(event.eventType()).isEqualTo(ExerciseStarted.EVENT_TYPE);
		assertThat(MAPPER.writeValueAsString(event)).contains("\"started_at\":\"2024-01-15T10:00:00.123Z\"");
	}

	@Test
	void aWrongEventTypeIsRefusedByTheRecord() {
		assertThatThrownBy(() -> new CodeExecuted("submission", USER, OTHER, "python", 1, true, null))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("event_type must be \"code_execution\" but was \"submission\"");
	}

	static Schema schemaOf(EventTopic<?> topic) {
		try (InputStream in = EventJsonTests.class.getClassLoader().getResourceAsStream(topic.schemaResource())) {
			assertThat(in).as(topic.schemaResource()).isNotNull();
			return SCHEMAS.getSchema(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
