package com.learnflow.kafka;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import com.learnflow.events.CodeExecuted;
import com.learnflow.events.ExerciseStarted;
import com.learnflow.events.LearningSubmitted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What {@link StrictJson} refuses that Jackson alone would turn into a value, and what it
 * still accepts; each refusal names the field, as the ingest answers and the detector's
 * dead letters need.
 */
class StrictJsonTests {

	static final JsonMapper JSON = StrictJson.configure(JsonMapper.builder()).build();

	static final String USER = "3f2a1c9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b";

	/** A request's fields as the ingest services read them. */
	record Request(@JsonProperty("at") OffsetDateTime at, @JsonProperty("count") Long count,
			@JsonProperty("score") Double score, @JsonProperty("id") UUID id) {
	}

	static String request(String field, String value) {
		return "{\"" + field + "\": " + value + "}";
	}

	static String exerciseStart(String startedAt) {
		return """
				{"user_id": "%s", "exercise_id": "%s", "started_at": %s}""".formatted(USER, USER, startedAt);
	}

	static String submission(String userId, String score) {
		return """
				{"user_id": %s, "class_id": "%s", "quiz_id": "%s", "submitted_at": "2026-12-01T10:30:00Z",
				 "score": %s}""".formatted(userId, USER, USER, score);
	}

	static String execution(String executionTimeMs) {
		return """
				{"user_id": "%s", "session_id": "%s", "language": "python", "execution_time_ms": %s,
				 "success": true, "error": null}""".formatted(USER, USER, executionTimeMs);
	}

	/** Each payload, the type it is read as, and the field its refusal names. */
	static Stream<Arguments> refused() {
		return Stream.of(
				// Timestamps of the event records: the schemas' form only.
				arguments("Instant as epoch seconds", exerciseStart("1764585000"), ExerciseStarted.class, "started_at"),
				arguments("Instant as epoch milliseconds (read as seconds: year 55840)", exerciseStart("1764585000123"),
						ExerciseStarted.class, "started_at"),
				arguments("Instant as a fraction", exerciseStart("1764585000.5"), ExerciseStarted.class, "started_at"),
				arguments("Instant as a numeric string", exerciseStart("\"1764585000\""), ExerciseStarted.class,
						"started_at"),
				arguments("Instant with an offset", exerciseStart("\"2026-12-01T12:30:00+02:00\""),
						ExerciseStarted.class, "started_at"),
				arguments("Instant with microseconds", exerciseStart("\"2026-12-01T10:30:00.123456Z\""),
						ExerciseStarted.class, "started_at"),
				arguments("Instant with a five-digit year", exerciseStart("\"+10000-01-01T00:00:00Z\""),
						ExerciseStarted.class, "started_at"),
				arguments("Instant at Java's maximum", exerciseStart("\"+1000000000-12-31T23:59:59.999999999Z\""),
						ExerciseStarted.class, "started_at"),
				arguments("Instant in lower case", exerciseStart("\"2026-12-01t10:30:00z\""), ExerciseStarted.class,
						"started_at"),
				arguments("Instant on 30 February", exerciseStart("\"2026-02-30T10:30:00Z\""), ExerciseStarted.class,
						"started_at"),
				arguments("Instant as an array", exerciseStart("[2026, 12, 1]"), ExerciseStarted.class, "started_at"),
				// Timestamps of requests: RFC 3339 with an offset and a four-digit year.
				arguments("OffsetDateTime as epoch seconds", request("at", "1764585000"), Request.class, "at"),
				arguments("OffsetDateTime as a fraction", request("at", "1764585000.5"), Request.class, "at"),
				arguments("OffsetDateTime as a numeric string", request("at", "\"1764585000\""), Request.class, "at"),
				arguments("OffsetDateTime without an offset", request("at", "\"2026-12-01T10:30:00\""), Request.class,
						"at"),
				arguments("OffsetDateTime without seconds", request("at", "\"2026-12-01T10:30Z\""), Request.class,
						"at"),
				arguments("OffsetDateTime with +0200", request("at", "\"2026-12-01T10:30:00+0200\""), Request.class,
						"at"),
				arguments("OffsetDateTime in lower case", request("at", "\"2026-12-01t10:30:00z\""), Request.class,
						"at"),
				arguments("OffsetDateTime at year +999999999", request("at", "\"+999999999-12-31T23:59:59Z\""),
						Request.class, "at"),
				arguments("OffsetDateTime at year -999999999", request("at", "\"-999999999-01-01T00:00:00Z\""),
						Request.class, "at"),
				arguments("OffsetDateTime at year +10000", request("at", "\"+10000-01-01T00:00:00Z\""), Request.class,
						"at"),
				arguments("OffsetDateTime with an offset of 19 hours", request("at", "\"2026-12-01T10:30:00+19:00\""),
						Request.class, "at"),
				arguments("OffsetDateTime at hour 24", request("at", "\"2026-12-01T24:00:00Z\""), Request.class, "at"),
				arguments("OffsetDateTime empty", request("at", "\"\""), Request.class, "at"),
				// UUIDs: 8-4-4-4-12 hex digits only.
				arguments("UUID as 24-character base64", request("id", "\"PyocnotdTm+aCxwtPk9aaw==\""), Request.class,
						"id"),
				arguments("UUID as 22-character URL-safe base64", request("id", "\"PyocnotdTm-aCxwtPk9aaw\""),
						Request.class, "id"),
				arguments("UUID in braces", request("id", "\"{" + USER + "}\""), Request.class, "id"),
				arguments("UUID without dashes", request("id", "\"" + USER.replace("-", "") + "\""), Request.class,
						"id"),
				arguments("UUID of short groups", request("id", "\"1-1-1-1-1\""), Request.class, "id"),
				arguments("UUID empty (Jackson reads it as null)", request("id", "\"\""), Request.class, "id"),
				arguments("UUID as a number", request("id", "42"), Request.class, "id"),
				arguments("UUID with a non-hex digit", request("id", "\"" + USER.replace('a', 'g') + "\""),
						Request.class, "id"),
				arguments("event user_id as base64", submission("\"PyocnotdTm+aCxwtPk9aaw==\"", "50"),
						LearningSubmitted.class, "user_id"),
				// Whole numbers beyond a long, and fractions in their place.
				arguments("whole number 10^30", execution("1000000000000000000000000000000"), CodeExecuted.class,
						"execution_time_ms"),
				arguments("whole number 2^63", execution("9223372036854775808"), CodeExecuted.class,
						"execution_time_ms"),
				arguments("whole number -2^63-1", execution("-9223372036854775809"), CodeExecuted.class,
						"execution_time_ms"),
				arguments("whole number as 1e30", execution("1e30"), CodeExecuted.class, "execution_time_ms"),
				arguments("Long 2^63", request("count", "9223372036854775808"), Request.class, "count"),
				// Doubles: finite JSON numbers only.
				arguments("double as \"NaN\"", submission("\"" + USER + "\"", "\"NaN\""), LearningSubmitted.class,
						"score"),
				arguments("double as \"Infinity\"", submission("\"" + USER + "\"", "\"Infinity\""),
						LearningSubmitted.class, "score"),
				arguments("double 1e400", submission("\"" + USER + "\"", "1e400"), LearningSubmitted.class, "score"),
				arguments("Double -1e400", request("score", "-1e400"), Request.class, "score"),
				arguments("Double as text", request("score", "\"85.5\""), Request.class, "score"),
				arguments("NaN, not JSON at all", request("score", "NaN"), Request.class, "score"),
				// A field given twice: the last would win.
				arguments("user_id twice", submission("\"" + USER + "\", \"user_id\": \"" + USER + "\"", "50"),
						LearningSubmitted.class, "user_id"),
				arguments("score twice, the second out of range", submission("\"" + USER + "\"", "50, \"score\": 101"),
						LearningSubmitted.class, "score"),
				arguments("a request field twice", "{\"count\": 1, \"count\": 2}", Request.class, "count"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refused")
	void refusesWhatJacksonAloneWouldConvertNamingTheField(String name, String json, Class<?> type, String field) {
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> JSON.readValue(json, type))
			.satisfies((ex) -> assertThat(fieldOf(ex)).isEqualTo(field));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refused")
	void refusesTheSameInATree(String name, String json, Class<?> type, String field) {
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> JSON.treeToValue(JSON.readTree(json), type))
			.satisfies((ex) -> assertThat(fieldOf(ex)).isEqualTo(field));
	}

	/** Each payload and the value it is read as. */
	static Stream<Arguments> accepted() {
		return Stream.of(
				arguments(request("at", "\"2026-12-01T10:30:00Z\""),
						new Request(OffsetDateTime.parse("2026-12-01T10:30:00Z"), null, null, null)),
				arguments(request("at", "\"2026-12-01T12:30:00.123456+02:00\""),
						new Request(OffsetDateTime.parse("2026-12-01T10:30:00.123456Z"), null, null, null)),
				arguments(request("at", "\"2026-12-01T10:30:00-00:00\""),
						new Request(OffsetDateTime.parse("2026-12-01T10:30:00Z"), null, null, null)),
				// Far outside the event-time window, but representable: the window
				// refuses it, not the parser.
				arguments(request("at", "\"0000-01-01T00:00:00Z\""),
						new Request(OffsetDateTime.parse("0000-01-01T00:00:00Z"), null, null, null)),
				arguments(request("at", "null"), new Request(null, null, null, null)),
				arguments(request("id", "\"" + USER.toUpperCase() + "\""),
						new Request(null, null, null, UUID.fromString(USER))),
				arguments(request("count", "9223372036854775807"), new Request(null, Long.MAX_VALUE, null, null)),
				arguments(request("score", "1e-400"), new Request(null, null, 0.0, null)),
				arguments(request("score", "85"), new Request(null, null, 85.0, null)),
				arguments(exerciseStart("\"2026-12-01T10:30:00.123Z\""),
						new ExerciseStarted(UUID.fromString(USER), UUID.fromString(USER),
								Instant.parse("2026-12-01T10:30:00.123Z"))),
				arguments(exerciseStart("\"2026-12-01T10:30:00Z\""), new ExerciseStarted(UUID.fromString(USER),
						UUID.fromString(USER), Instant.parse("2026-12-01T10:30:00Z"))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("accepted")
	void acceptsTheDocumentedForms(String json, Object value) {
		assertThat(JSON.readValue(json, value.getClass())).isEqualTo(value);
		assertThat(JSON.treeToValue(JSON.readTree(json), value.getClass())).isEqualTo(value);
	}

	@Test
	void aDuplicateIsFoundInAnyObjectOfATree() {
		assertThatExceptionOfType(JacksonException.class)
			.isThrownBy(() -> JSON.readTree("{\"data\": {\"score\": 1, \"score\": 2}}"))
			.satisfies((ex) -> assertThat(StrictJson.duplicateField(ex)).isEqualTo("score"));
		assertThat(StrictJson.duplicateField(new IllegalStateException("Duplicate Object property \"x\""))).isNull();
	}

	/**
	 * The field a refusal names: the repeated one, the one on its path, or the one the
	 * parser stood at.
	 */
	static String fieldOf(JacksonException ex) {
		String duplicate = StrictJson.duplicateField(ex);
		if (duplicate != null) {
			return duplicate;
		}
		if (!ex.getPath().isEmpty()) {
			return ex.getPath().get(0).getPropertyName();
		}
		return (ex.processor() instanceof tools.jackson.core.JsonParser parser) ? parser.currentName() : null;
	}

}
