package com.learnflow.struggle.alerts;

import java.time.Clock;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AlertViewConfiguration {

	@Bean
	AlertView alertView(KafkaProperties properties, KafkaConnectionDetails connection, Clock clock) {
		var config = properties.buildConsumerProperties();
		config.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				String.join(",", connection.getConsumer().getBootstrapServers()));
		return new AlertView(config, clock);
	}

}
