package com.learnflow.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

/**
 * Gives every LearnFlow service the same defaults, with the lowest precedence, so that a
 * service's own {@code application.yml}, environment variables and command line still
 * win.
 *
 * <p>
 * The Kafka client settings come from {@link KafkaClientConfig}; nothing repeats them in
 * a service.
 */
public class LearnFlowServiceDefaults implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "learnflowServiceDefaults";

	private static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(5);

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Duration publishTimeout = environment.getProperty("learnflow.kafka.publish-timeout", Duration.class,
				DEFAULT_PUBLISH_TIMEOUT);
		Map<String, Object> defaults = defaults(publishTimeout);
		defaults.putAll(KafkaSecurity.from(environment::getProperty).clientProperties());
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

	static Map<String, Object> defaults(Duration publishTimeout) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("learnflow.environment", "${LEARNFLOW_ENV:local}");
		defaults.put("spring.kafka.bootstrap-servers", "${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}");

		defaults.put("spring.kafka.producer.key-serializer", StringSerializer.class.getName());
		defaults.put("spring.kafka.producer.value-serializer", JacksonJsonSerializer.class.getName());
		// The payload is the documented JSON only: no Java type header is needed to read
		// it.
		defaults.put("spring.kafka.producer.properties." + JacksonJsonSerializer.ADD_TYPE_INFO_HEADERS, "false");
		KafkaClientConfig.producer(publishTimeout)
			.forEach((key, value) -> defaults.put("spring.kafka.producer.properties." + key, value));
		KafkaClientConfig.consumer()
			.forEach((key, value) -> defaults.put("spring.kafka.consumer.properties." + key, value));
		KafkaClientConfig.streamsConsumer()
			.forEach((key, value) -> defaults.put("spring.kafka.streams.properties." + key, value));

		// Operations: probes for Kubernetes, and nothing over HTTP beyond health, info
		// and metrics.
		defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
		defaults.put("management.endpoint.health.probes.enabled", "true");
		// Who sees which part of the health answer is common-security's: statuses for
		// anyone, details with ops:read.
		defaults.put("management.endpoint.health.group.readiness.include", "readinessState,kafka");
		defaults.put("server.shutdown", "graceful");
		return defaults;
	}

}
