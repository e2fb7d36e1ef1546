package com.learnflow.codeexec;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.learnflow.test.HttpJson;
import com.learnflow.test.IngestRoundTrip;

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

	@Test
	void successAsTextIsRefusedNamingTheField() {
		var response = HttpJson.post(this.port, "/api/v1/code-executions", """
				{"user_id": "%s", "session_id": "%s", "language": "python", "execution_time_ms": 5, "success": "true"}"""
			.formatted(UUID.randomUUID(), UUID.randomUUID()));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"field\":\"success\"");
	}

	private IngestRoundTrip post(String json, UUID session) {
		return IngestRoundTrip.post(this.port, "/api/v1/code-executions", json,
				this.kafka.getBootstrapServers().get(0), "code.executed", session.toString());
	}

}
