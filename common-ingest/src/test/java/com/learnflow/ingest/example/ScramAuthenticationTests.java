package com.learnflow.ingest.example;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.learnflow.test.HttpJson;
import com.learnflow.test.ScramBroker;
import com.learnflow.test.TopicRecords;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a broker that requires SASL SCRAM, the service publishes with the credentials
 * of its environment.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT",
				"KAFKA_SASL_MECHANISM=SCRAM-SHA-256", "KAFKA_SASL_USERNAME=" + ScramBroker.USERNAME,
				"KAFKA_SASL_PASSWORD=" + ScramBroker.PASSWORD })
class ScramAuthenticationTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> ScramBroker.shared().bootstrapServers());
	}

	@Test
	void anEventIsPublishedWithScramCredentials() {
		UUID user = UUID.randomUUID();
		UUID session = UUID.randomUUID();
		var response = HttpJson.post(this.port, ExampleIngestApplication.PATH, """
				{"user_id": "%s", "session_id": "%s", "success": true}""".formatted(user, session));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(HttpJson.get(this.port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
		try (TopicRecords topic = TopicRecords.of(ScramBroker.clientConfig("SCRAM-SHA-512"),
				ExampleIngestApplication.TOPIC)) {
			assertThat(topic.awaitKey(session.toString()).value()).contains(user.toString());
		}
	}

}
