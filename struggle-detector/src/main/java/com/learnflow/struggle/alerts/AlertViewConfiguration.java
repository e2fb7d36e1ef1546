package com.learnflow.struggle.alerts;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AlertViewConfiguration {

	/**
	 * The view's copy lives beside the detector's state stores, in their state directory.
	 */
	static final String DIRECTORY = AlertStore.NAME;

	@Bean
	AlertView alertView(KafkaProperties properties, KafkaConnectionDetails connection, AlertsProperties alerts,
			Clock clock, MeterRegistry registry) {
		Map<String, Object> config = consumerConfig(properties, connection, alerts);
		String stateDir = properties.getStreams().getStateDir();
		Path directory = Path
			.of((stateDir != null) ? stateDir : System.getProperty("java.io.tmpdir") + "/kafka-streams")
			.resolve(DIRECTORY);
		return new AlertView(
				() -> new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()), directory,
				alerts, clock, registry);
	}

	@Bean
	AlertStreams alertStreams(AlertView view, AlertsProperties alerts, MeterRegistry registry) {
		return new AlertStreams(view, alerts.stream(), registry);
	}

	/**
	 * The service's consumer settings (bootstrap servers, security), as a plain consumer
	 * of the whole topic: no group, committed records only, from the beginning; partition
	 * metadata refreshed as often as the view looks for new partitions; fetches small,
	 * since an alert is a few hundred bytes.
	 */
	static Map<String, Object> consumerConfig(KafkaProperties properties, KafkaConnectionDetails connection,
			AlertsProperties alerts) {
		Map<String, Object> config = new HashMap<>(properties.buildConsumerProperties());
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				String.join(",", connection.getConsumer().getBootstrapServers()));
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) alerts.partitionCheckInterval().toMillis());
		config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * 1024 * 1024);
		config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
		config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
		return config;
	}

}
