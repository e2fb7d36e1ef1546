package com.learnflow.struggle.alerts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

import com.learnflow.test.EmbeddedKafkaIntegrationTest;

/**
 * The whole detector on the embedded broker, with the read model's and the stream's
 * bounds made small and fast, so that the alert tests share one context (and one broker)
 * and reach every bound quickly: new partitions are seen within a second, a silent stream
 * carries a comment every second, a student may have 2 streams and the replica 6, a
 * subscriber may fall 16 alerts behind, and a write that makes no progress fails after 3
 * s.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@EmbeddedKafkaIntegrationTest
@TestPropertySource(
		properties = { "learnflow.alerts.partition-check-interval=1s", "learnflow.alerts.stream.heartbeat=1s",
				"learnflow.alerts.stream.subscribers-per-student=2", "learnflow.alerts.stream.subscribers=6",
				"learnflow.alerts.stream.queue=16", "server.tomcat.connection-timeout=3s" })
@interface AlertsIntegrationTest {

}
