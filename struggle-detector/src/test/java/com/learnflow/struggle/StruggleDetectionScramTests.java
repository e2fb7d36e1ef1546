package com.learnflow.struggle;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * Against a broker that requires SASL SCRAM, the detector consumes and publishes with its
 * environment's credentials.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1",
				"spring.kafka.streams.state-dir=${java.io.tmpdir}/kafka-streams-${random.uuid}",
				"KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM=SCRAM-SHA-512",
				"KAFKA_SASL_USERNAME=" + ScramBroker.USERNAME, "KAFKA_SASL_PASSWORD=" + ScramBroker.PASSWORD })
class StruggleDetectionScramTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> ScramBroker.shared().bootstrapServers());
	}

	@Test
	void failedExecutionsOnASecuredBrokerGiveAnAlert() {
		HttpJson.awaitReadiness(this.port, 200, Duration.ofSeconds(60));
		UUID user = UUID.randomUUID();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(ScramBroker.clientConfig("SCRAM-SHA-256"),
				new StringSerializer(), new StringSerializer())) {
			for (int i = 0; i < 3; i++) {
				producer.send(new ProducerRecord<>("code.executed", UUID.randomUUID().toString(),
						StruggleDetectionRoundTripTests.failedExecution(user)));
			}
		}
		try (TopicRecords alerts = TopicRecords.of(ScramBroker.clientConfig("SCRAM-SHA-512"), "struggle.detected")) {
			assertThat(alerts.awaitKey(user.toString()).value()).contains("\"struggle_type\":\"repeated_errors\"");
		}
	}

}
