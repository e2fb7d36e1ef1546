package com.learnflow.ingest.example;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.learnflow.test.HttpJson;
import com.learnflow.test.ScramBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrong SCRAM credentials are not silent: readiness is DOWN and says authentication
 * failed, and nothing is accepted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT",
				"KAFKA_SASL_MECHANISM=SCRAM-SHA-512", "KAFKA_SASL_USERNAME=" + ScramBroker.USERNAME,
				"KAFKA_SASL_PASSWORD=not-the-password", "learnflow.kafka.publish-timeout=2s" })
class ScramWrongCredentialsTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> ScramBroker.shared().bootstrapServers());
	}

	@Test
	void readinessIsDownAndSaysWhyAndRequestsGet503() {
		HttpJson.awaitReadiness(this.port, 503, Duration.ofSeconds(30));
		String health = HttpJson.get(this.port, "/actuator/health").body();
		assertThat(health).containsIgnoringCase("authentication");

		var response = HttpJson.post(this.port, ExampleIngestApplication.PATH, """
				{"user_id": "%s", "session_id": "%s", "success": true}""".formatted(UUID.randomUUID(),
				UUID.randomUUID()));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(HttpJson.get(this.port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

}
