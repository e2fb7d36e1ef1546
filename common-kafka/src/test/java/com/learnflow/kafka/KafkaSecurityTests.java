package com.learnflow.kafka;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The Kafka security settings come from environment variables, and a wrong combination
 * says which one is wrong.
 */
class KafkaSecurityTests {

	@Test
	void withoutVariablesClientsSpeakPlaintext() {
		assertThat(KafkaSecurity.from(Map.<String, String>of()::get).clientProperties())
			.containsExactly(Map.entry("spring.kafka.properties.security.protocol", "PLAINTEXT"));
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "SASL_PLAINTEXT, SCRAM-SHA-512, org.apache.kafka.common.security.scram.ScramLoginModule",
			"SASL_SSL,       SCRAM-SHA-256, org.apache.kafka.common.security.scram.ScramLoginModule",
			"sasl_ssl,       plain,         org.apache.kafka.common.security.plain.PlainLoginModule" })
	void saslClientsGetTheMechanismAndAJaasLine(String protocol, String mechanism, String module) {
		Map<String, Object> properties = KafkaSecurity
			.from(Map.of("KAFKA_SECURITY_PROTOCOL", protocol, "KAFKA_SASL_MECHANISM", mechanism, "KAFKA_SASL_USERNAME",
					"learnflow", "KAFKA_SASL_PASSWORD", "pa\"ss")::get)
			.clientProperties();

		assertThat(properties).containsEntry("spring.kafka.properties.security.protocol", protocol.toUpperCase())
			.containsEntry("spring.kafka.properties.sasl.mechanism", mechanism.toUpperCase())
			.containsEntry("spring.kafka.properties.sasl.jaas.config",
					module + " required username=\"learnflow\" password=\"pa\\\"ss\";");
	}

	@Test
	void aTruststoreIsPassedOn() {
		assertThat(
				KafkaSecurity
					.from(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SSL_TRUSTSTORE_LOCATION",
							"/etc/kafka-tls/ca.crt", "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM")::get)
					.clientProperties())
			.containsEntry("spring.kafka.properties.ssl.truststore.location", "/etc/kafka-tls/ca.crt")
			.containsEntry("spring.kafka.properties.ssl.truststore.type", "PEM");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"SASL without credentials | SASL_SSL | SCRAM-SHA-512 | '' | KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD",
			"an unknown protocol | SASL | SCRAM-SHA-512 | secret | KAFKA_SECURITY_PROTOCOL",
			"an unknown mechanism | SASL_SSL | GSSAPI | secret | KAFKA_SASL_MECHANISM" })
	void aWrongCombinationNamesTheVariable(String name, String protocol, String mechanism, String password,
			String named) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KafkaSecurity.from(Map.of("KAFKA_SECURITY_PROTOCOL", protocol, "KAFKA_SASL_MECHANISM",
					mechanism, "KAFKA_SASL_USERNAME", "learnflow", "KAFKA_SASL_PASSWORD", password)::get))
			.withMessageContaining(named);
	}

	@Test
	void thePasswordNeverShowsInToString() {
		assertThat(KafkaSecurity
			.from(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_USERNAME", "learnflow",
					"KAFKA_SASL_PASSWORD", "s3cr3t-value")::get)
			.toString()).doesNotContain("s3cr3t-value");
	}

}
