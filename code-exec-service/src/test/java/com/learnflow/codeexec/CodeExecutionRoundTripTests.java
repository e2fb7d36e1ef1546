package com.learnflow.codeexec;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.learnflow.test.HttpJson;
import com.learnflow.test.IngestRoundTrip;
import com.learnflow.test.OpenApiDocument;
import com.learnflow.test.RefusedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP to the broker and back: a code execution is answered 202 with the position of a record on
 * {@code code.executed} that carries exactly the documented JSON, keyed by {@code session_id}. Runs against the
 * broker of each subclass.
 */
abstract class CodeExecutionRoundTripTests {

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

		assertThat(trip.record().value()).isEqualTo("{\"event_type\":\"code_execution\",\"user_id\":\"" + user
				+ "\",\"session_id\":\"" + session
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

		assertThat(trip.record().value()).isEqualTo("{\"event_type\":\"code_execution\",\"user_id\":\"" + user
				+ "\",\"session_id\":\"" + session
				+ "\",\"language\":\"java\",\"execution_time_ms\":0,\"success\":false,\"error\":null}");
	}

	static final String VALID = """
			{"user_id": "%s", "session_id": "%s", "language": "python", "execution_time_ms": 5, "success": false,
			 "error": "boom"}""".formatted(UUID.randomUUID(), UUID.randomUUID());

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
				RefusedRequest.json("session_id missing", VALID.replaceFirst("\"session_id\": \"[^\"]+\", ", ""),
						400, "session_id"),
				RefusedRequest.json("user_id a number", VALID.replaceFirst("\"user_id\": \"[^\"]+\"",
						"\"user_id\": 42"), 400, "user_id"),
				RefusedRequest.json("trailing garbage after the object", VALID + " }", 400, null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedExecutions")
	void aBadExecutionIsRefusedNamingTheFieldAndNothingIsPublished(RefusedRequest request) {
		request.assertRefused(this.port, "/api/v1/code-executions", this.kafka.getBootstrapServers().get(0),
				"code.executed");
	}

	@Test
	void corsIsOffByDefault() {
		var response = HttpJson.send(this.port, "OPTIONS", "/api/v1/code-executions", null, null,
				Map.of("Origin", "https://app.learnflow.test", "Access-Control-Request-Method", "POST"));
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void theServedOpenApiDescriptionIsTheCommittedOne() {
		OpenApiDocument.assertServedMatchesCommitted(this.port, "code-exec-service");
	}

	private IngestRoundTrip post(String json, UUID session) {
		return IngestRoundTrip.post(this.port, "/api/v1/code-executions", json,
				this.kafka.getBootstrapServers().get(0), "code.executed", session.toString());
	}

}
