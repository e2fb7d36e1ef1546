package com.learnflow.test;

import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

import com.learnflow.localbroker.SingleNodeBroker;

/**
 * The Kafka container that {@link ContainerKafkaIntegrationTest} runs against: the image
 * docker-compose uses, with the same file input (every local broker's settings,
 * {@link SingleNodeBroker}).
 */
public interface KafkaContainers {

	@Container
	@ServiceConnection
	KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.2")
		.withCopyToContainer(Transferable.of(SingleNodeBroker.settings()), "/mnt/shared/config/server.properties");

}
