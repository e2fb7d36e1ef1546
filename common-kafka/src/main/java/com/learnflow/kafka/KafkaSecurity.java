package com.learnflow.kafka;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * How every client of a service authenticates to Kafka, from environment variables (in
 * Kubernetes, from a mounted Secret), never from a committed password:
 *
 * <ul>
 * <li>{@code KAFKA_SECURITY_PROTOCOL}: {@code PLAINTEXT} (default),
 * {@code SASL_PLAINTEXT} or {@code SASL_SSL};</li>
 * <li>{@code KAFKA_SASL_MECHANISM}: {@code SCRAM-SHA-512} (default),
 * {@code SCRAM-SHA-256} or {@code PLAIN};</li>
 * <li>{@code KAFKA_SASL_USERNAME} and {@code KAFKA_SASL_PASSWORD};</li>
 * <li>{@code KAFKA_SSL_TRUSTSTORE_LOCATION} and {@code KAFKA_SSL_TRUSTSTORE_TYPE} (for
 * example {@code PEM}, a CA certificate file), with {@code KAFKA_SSL_TRUSTSTORE_PASSWORD}
 * for a JKS or PKCS12 store.</li>
 * </ul>
 *
 * A SASL protocol without credentials, or an unknown protocol or mechanism, stops the
 * service at start-up with a message that says which variable is wrong.
 */
public record KafkaSecurity(String protocol, String mechanism, String username, String password,
		String truststoreLocation, String truststoreType, String truststorePassword) {

	static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL", "SSL");

	static final Set<String> MECHANISMS = Set.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");

	public KafkaSecurity {
		if (!PROTOCOLS.contains(protocol)) {
			throw new IllegalArgumentException(
					"KAFKA_SECURITY_PROTOCOL must be one of " + PROTOCOLS + " but was '" + protocol + "'");
		}
		if (isSasl(protocol)) {
			if (!MECHANISMS.contains(mechanism)) {
				throw new IllegalArgumentException(
						"KAFKA_SASL_MECHANISM must be one of " + MECHANISMS + " but was '" + mechanism + "'");
			}
			if (isBlank(username) || isBlank(password)) {
				throw new IllegalArgumentException("KAFKA_SECURITY_PROTOCOL is " + protocol
						+ ": set KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (from a Secret)");
			}
		}
	}

	/** Reads the variables through a lookup such as {@code environment::getProperty}. */
	public static KafkaSecurity from(Function<String, String> variables) {
		return new KafkaSecurity(upper(variables.apply("KAFKA_SECURITY_PROTOCOL"), "PLAINTEXT"),
				upper(variables.apply("KAFKA_SASL_MECHANISM"), "SCRAM-SHA-512"), variables.apply("KAFKA_SASL_USERNAME"),
				variables.apply("KAFKA_SASL_PASSWORD"), variables.apply("KAFKA_SSL_TRUSTSTORE_LOCATION"),
				variables.apply("KAFKA_SSL_TRUSTSTORE_TYPE"), variables.apply("KAFKA_SSL_TRUSTSTORE_PASSWORD"));
	}

	/**
	 * The client settings, as {@code spring.kafka.properties.*}, which every producer,
	 * consumer and admin use.
	 */
	public Map<String, Object> clientProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.properties.security.protocol", this.protocol);
		if (isSasl(this.protocol)) {
			properties.put("spring.kafka.properties.sasl.mechanism", this.mechanism);
			properties.put("spring.kafka.properties.sasl.jaas.config", jaasConfig());
		}
		if (!isBlank(this.truststoreLocation)) {
			properties.put("spring.kafka.properties.ssl.truststore.location", this.truststoreLocation);
			if (!isBlank(this.truststoreType)) {
				properties.put("spring.kafka.properties.ssl.truststore.type", this.truststoreType);
			}
			if (!isBlank(this.truststorePassword)) {
				properties.put("spring.kafka.properties.ssl.truststore.password", this.truststorePassword);
			}
		}
		return properties;
	}

	/** The JAAS line for the mechanism, with the credentials quoted as JAAS requires. */
	String jaasConfig() {
		String module = this.mechanism.startsWith("SCRAM") ? "org.apache.kafka.common.security.scram.ScramLoginModule"
				: "org.apache.kafka.common.security.plain.PlainLoginModule";
		return module + " required username=\"" + quote(this.username) + "\" password=\"" + quote(this.password)
				+ "\";";
	}

	@Override
	public String toString() {
		return "KafkaSecurity[protocol=" + this.protocol + ", mechanism=" + this.mechanism + ", username="
				+ this.username + ", password=" + (isBlank(this.password) ? "<none>" : "<hidden>") + "]";
	}

	private static String quote(String value) {
		return value.replace("\\", "\\\\").replace("\"", "\\\"");
	}

	private static boolean isSasl(String protocol) {
		return protocol.startsWith("SASL_");
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	private static String upper(String value, String fallback) {
		return isBlank(value) ? fallback : value.trim().toUpperCase(Locale.ROOT);
	}

}
