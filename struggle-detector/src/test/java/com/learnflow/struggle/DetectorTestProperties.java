package com.learnflow.struggle;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * The detector's settings in every real-broker test, so that they share one Spring
 * context and one broker: stalls after 3 s, judged every 500 ms and on the wall clock
 * after 1 s without input; new input partitions seen within 1 s; liveness DOWN after 2 s
 * stopped.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@TestPropertySource(properties = { "learnflow.detection.stalled-exercise.after=3s",
		"learnflow.detection.stalled-exercise.check-interval=500ms",
		"learnflow.detection.stalled-exercise.idle-after=1s", "learnflow.detection.liveness-grace=2s",
		"spring.kafka.streams.properties.metadata.max.age.ms=1000" })
@interface DetectorTestProperties {

}
