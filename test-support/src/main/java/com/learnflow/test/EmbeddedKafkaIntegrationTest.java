package com.learnflow.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A whole service on 127.0.0.1 and a random port, against Kafka's own broker running
 * in-process (KRaft).
 *
 * <p>
 * Every integration test uses this one configuration, so Spring caches one context and
 * one broker per test JVM. The broker is configured as production is: topics are not
 * created on first use, and transactions work with one replica.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1",
				"spring.kafka.streams.state-dir=${java.io.tmpdir}/kafka-streams-${random.uuid}" })
@EmbeddedKafka(count = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		brokerProperties = { "auto.create.topics.enable=false", "offsets.topic.replication.factor=1",
				"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
				"group.initial.rebalance.delay.ms=0" })
public @interface EmbeddedKafkaIntegrationTest {

}
