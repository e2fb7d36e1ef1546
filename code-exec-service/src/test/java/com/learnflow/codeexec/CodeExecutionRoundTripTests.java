package com.learnflow.codeexec;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.learnflow.events.CodeExecuted;
import com.learnflow.test.HttpJson;
import com.learnflow.test.IngestRoundTrip;
import com.learnflow.test.OpenApiDocument;
import com.learnflow.test.RefusedRequest;
import com.learnflow.test.TopicRecords;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP to the broker and back: a code execution is answered 202 with the position of a
 * record on {@code code.executed} that carries exactly the documented JSON, keyed by
 * {@code session_id}. Runs against the broker of each subclass.
 */
abstract class CodeExecutionRoundTripTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	KafkaConnectionDetails kafka;

	@Test
	void aSuccessfulExecutionIsOnCodeExecutedKeyedBySession() {
		UUID user = UUID.randomUUID();
		UUID session = UUID.randomUUID();
		IngestRoundTrip trip = post("""
				{"event_type": "code_execution", "user_id": "%s", "session_id": "%s", "language": "python",
				 "execution_time_ms": 150, "success": true, "error": null}""".formatted(user, session), session);

		assertThat(trip.record().value())
			.isEqualTo("{\"event_type\":\"code_execution\",\"user_id\":\"" + user + "\",\"session_id\":\"" + session
					+ "\",\"language\":\"python\",\"execution_time_ms\":150,\"success\":true,\"error\":null}");
		assertThat(trip.header("ce_type")).isEqualTo("com.learnflow.code_execution");
		assertThat(trip.header("ce_source")).isEqualTo("/learnflow/code-exec-service");
	}

	@Test
	void aFailedExecutionWithoutAnErrorFieldCarriesErrorNull() {
		UUID user = UUID.randomUUID();
		UUID session = UUID.randomUUID();
		IngestRoundTrip trip = post("""
				{"user_id": "%s", "session_id": "%s", "language": "java", "execution_time_ms": 0, "success": false}"""
			.formatted(user, session), session);

		assertThat(trip.record().value())
			.isEqualTo("{\"event_type\":\"code_execution\",\"user_id\":\"" + user + "\",\"session_id\":\"" + session
					+ "\",\"language\":\"java\",\"execution_time_ms\":0,\"success\":false,\"error\":null}");
	}

	static final String VALID = """
			{"user_id": "%s", "session_id": "%s", "language": "python", "execution_time_ms": 5, "success": false,
			 "error": "boom"}""".formatted(UUID.randomUUID(), UUID.randomUUID());

	/**
	 * U+1F40D, one character (code point) that takes two UTF-16 units and four UTF-8
	 * bytes.
	 */
	static final String SNAKE = Character.toString(0x1F40D);

	/** The valid execution with one field's value replaced, as JSON. */
	static String validReplacing(String field, String json) {
		return VALID.replaceFirst("\"" + field + "\": (\"[^\"]+\"|[0-9]+|false)",
				Matcher.quoteReplacement("\"" + field + "\": " + json));
	}

	/** The valid execution with one more field, its value as JSON. */
	static String validWith(String field, String json) {
		return VALID.replace("}", ", \"" + field + "\": " + json + "}");
	}

	/** Each bad code execution, the status it gets and the field its answer names. */
	static Stream<RefusedRequest> refusedExecutions() {
		return Stream.of(
				RefusedRequest.json("success as the text \"true\"", VALID.replace("false", "\"true\""), 400, "success"),
				RefusedRequest.json("success as 1", VALID.replace("false", "1"), 400, "success"),
				RefusedRequest.json("success missing", VALID.replace("\"success\": false,", ""), 400, "success"),
				RefusedRequest.json("execution_time_ms a fraction", VALID.replace(": 5", ": 1.5"), 400,
						"execution_time_ms"),
				RefusedRequest.json("negative execution_time_ms", VALID.replace(": 5", ": -1"), 400,
						"execution_time_ms"),
				RefusedRequest.json("blank language", VALID.replace("\"python\"", "\"  \""), 400, "language"),
				RefusedRequest.json("language too long", VALID.replace("python", "p".repeat(33)), 400, "language"),
				RefusedRequest.json("error too long", VALID.replace("boom", "e".repeat(8193)), 400, "error"),
				RefusedRequest.json("error as a number", VALID.replace("\"boom\"", "42"), 400, "error"),
				RefusedRequest.json("session_id missing", VALID.replaceFirst("\"session_id\": \"[^\"]+\", ", ""), 400,
						"session_id"),
				RefusedRequest.json("user_id a number",
						VALID.replaceFirst("\"user_id\": \"[^\"]+\"", "\"user_id\": 42"), 400, "user_id"),
				RefusedRequest.json("trailing garbage after the object", VALID + " }", 400, null),
				// Numbers out of range: a run of more than an hour is not a real run.
				RefusedRequest.json("execution_time_ms 3600001 (an hour and a millisecond)",
						validReplacing("execution_time_ms", "3600001"), 400, "execution_time_ms"),
				RefusedRequest.json("execution_time_ms 2^63",
						validReplacing("execution_time_ms", "9223372036854775808"), 400, "execution_time_ms"),
				RefusedRequest.json("execution_time_ms 10^30 as a whole number",
						validReplacing("execution_time_ms", "1000000000000000000000000000000"), 400,
						"execution_time_ms"),
				RefusedRequest.json("execution_time_ms 1e30", validReplacing("execution_time_ms", "1e30"), 400,
						"execution_time_ms"),
				RefusedRequest.json("execution_time_ms -2^63-1",
						validReplacing("execution_time_ms", "-9223372036854775809"), 400, "execution_time_ms"),
				RefusedRequest.json("execution_time_ms NaN", validReplacing("execution_time_ms", "NaN"), 400,
						"execution_time_ms"),
				// Control characters and lone surrogates, escaped as JSON allows.
				RefusedRequest.json("language with NUL", validReplacing("language", "\"py\\u0000thon\""), 400,
						"language"),
				RefusedRequest.json("language with a line feed", validReplacing("language", "\"py\\nthon\""), 400,
						"language"),
				RefusedRequest.json("language with a tab", validReplacing("language", "\"py\\tthon\""), 400,
						"language"),
				RefusedRequest.json("language with a C1 control (U+0085)", validReplacing("language", "\"py\\u0085\""),
						400, "language"),
				RefusedRequest.json("language with a lone high surrogate", validReplacing("language", "\"py\\ud83d\""),
						400, "language"),
				RefusedRequest.json("language of 33 characters outside the BMP",
						validReplacing("language", "\"" + SNAKE.repeat(33) + "\""), 400, "language"),
				RefusedRequest.json("error with an ANSI escape", validReplacing("error", "\"\\u001b[31mboom\""), 400,
						"error"),
				RefusedRequest.json("error with NUL", validReplacing("error", "\"boom\\u0000\""), 400, "error"),
				RefusedRequest.json("error with DEL", validReplacing("error", "\"boom\\u007f\""), 400, "error"),
				RefusedRequest.json("error with a lone low surrogate", validReplacing("error", "\"\\udc0dboom\""), 400,
						"error"),
				RefusedRequest.json("error with an unescaped tab (not JSON)", validReplacing("error", "\"a\tb\""), 400,
						"error"),
				RefusedRequest.json("error of 8193 characters outside the BMP",
						validReplacing("error", "\"" + SNAKE.repeat(8193) + "\""), 400, "error"),
				// Non-canonical UUIDs.
				RefusedRequest.json("session_id as base64",
						validReplacing("session_id", "\"PyocnotdTm+aCxwtPk9aaw==\""), 400, "session_id"),
				RefusedRequest.json("user_id without dashes",
						validReplacing("user_id", "\"" + UUID.randomUUID().toString().replace("-", "") + "\""), 400,
						"user_id"),
				RefusedRequest.json("user_id in braces", validReplacing("user_id", "\"{" + UUID.randomUUID() + "}\""),
						400, "user_id"),
				// A field given twice: the last would silently win.
				RefusedRequest.json("success twice", validWith("success", "true"), 400, "success"),
				RefusedRequest.json("session_id twice", validWith("session_id", "\"" + UUID.randomUUID() + "\""), 400,
						"session_id"));
	}

	@Test
	void valuesAtTheirBoundsAreAccepted() {
		UUID user = UUID.randomUUID();
		UUID session = UUID.randomUUID();
		String language = SNAKE.repeat(32);
		String lines = "Traceback (most recent call last):\r\n\tline 1\n";
		String error = lines + SNAKE.repeat(CodeExecuted.MAX_ERROR_LENGTH - lines.length());
		IngestRoundTrip trip = post("""
				{"user_id": "%s", "session_id": "%s", "language": "%s", "execution_time_ms": 3600000,
				 "success": false, "error": "%s"}""".formatted(user, session.toString().toUpperCase(), language,
				error.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")), session);

		assertThat(trip.value().get("language").asString()).isEqualTo(language);
		assertThat(trip.value().get("execution_time_ms").asLong()).isEqualTo(3_600_000);
		assertThat(trip.value().get("error").asString()).isEqualTo(error);
		assertThat(trip.value().get("session_id").asString()).isEqualTo(session.toString());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedExecutions")
	void aBadExecutionIsRefusedNamingTheFieldAndNothingIsPublished(RefusedRequest request) {
		request.assertRefused(this.port, "/api/v1/code-executions", this.kafka.getBootstrapServers().get(0),
				"code.executed");
	}

	@Test
	void aBatchChecksEachExecutionByItsFieldsAndPublishesTheValidOnes() {
		UUID session = UUID.randomUUID();
		String accepted = VALID.replaceFirst("\"session_id\": \"[^\"]+\"", "\"session_id\": \"" + session + "\"");
		var answer = HttpJson.post(this.port, "/api/v1/code-executions/batch",
				"[" + accepted + "," + VALID.replace(": 5", ": -1") + "]");

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(207);
		var results = JSON.readTree(answer.body()).get("results");
		assertThat(results.valueStream().map((item) -> item.get("status").asInt())).containsExactly(202, 400);
		assertThat(results.get(1).get("problem").get("errors").get(0).get("field").asString())
			.isEqualTo("execution_time_ms");
		try (TopicRecords topic = TopicRecords.of(this.kafka.getBootstrapServers().get(0), "code.executed")) {
			assertThat(topic.awaitKey(session.toString()).value()).contains("\"execution_time_ms\":5");
		}
	}

	@Test
	void theServedOpenApiDescriptionIsTheCommittedOne() {
		OpenApiDocument.assertServedMatchesCommitted(this.port, "code-exec-service");
	}

	private IngestRoundTrip post(String json, UUID session) {
		return IngestRoundTrip.post(this.port, "/api/v1/code-executions", json, this.kafka.getBootstrapServers().get(0),
				"code.executed", session.toString());
	}

}
