package com.learnflow.test;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

/**
 * The Kafka container that {@link ContainerKafkaIntegrationTest} runs against: the image
 * docker-compose uses.
 */
public interface KafkaContainers {

	@Container
	@ServiceConnection
	KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.2").withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");

}
