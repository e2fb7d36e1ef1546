package com.learnflow.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

import com.learnflow.localbroker.SingleNodeBroker;

/**
 * A whole service on 127.0.0.1 and a random port, against Kafka's own broker running
 * in-process (KRaft).
 *
 * <p>
 * Every integration test uses this one configuration, so Spring caches one context and
 * one broker per test JVM. The broker has every local broker's settings
 * ({@link SingleNodeBroker}): topics are not created on first use, and transactions work
 * with one replica.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1",
				"spring.kafka.streams.state-dir=${java.io.tmpdir}/kafka-streams-${random.uuid}" })
@EmbeddedKafka(count = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
		brokerPropertiesLocation = "classpath:" + SingleNodeBroker.SETTINGS)
public @interface EmbeddedKafkaIntegrationTest {

}
