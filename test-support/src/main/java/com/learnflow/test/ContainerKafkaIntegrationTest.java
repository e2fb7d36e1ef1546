package com.learnflow.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.context.ImportTestcontainers;

/**
 * A whole service on 127.0.0.1 and a random port, against Kafka in a container
 * ({@link KafkaContainers}), wired by Spring Boot's service connection.
 *
 * <p>
 * Where no Docker engine runs, JUnit skips the test class instead of failing it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Testcontainers(disabledWithoutDocker = true)
@ImportTestcontainers(KafkaContainers.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "server.address=127.0.0.1",
		"spring.kafka.streams.state-dir=${java.io.tmpdir}/kafka-streams-${random.uuid}" })
public @interface ContainerKafkaIntegrationTest {

}
