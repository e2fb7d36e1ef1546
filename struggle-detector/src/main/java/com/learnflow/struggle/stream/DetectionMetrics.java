package com.learnflow.struggle.stream;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counts input records by topic and outcome and alerts by type and action, and times
 * input-to-alert latency.
 */
public class DetectionMetrics {

	private final MeterRegistry registry;

	/**
	 * The input counters by topic and outcome, found once each: every input record counts
	 * in one.
	 */
	private final Map<String, Map<String, Counter>> records = new ConcurrentHashMap<>();

	DetectionMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * An input record read, by outcome: {@code processed}, {@code duplicate} or
	 * {@code dead_lettered}.
	 */
	void record(String topic, String outcome) {
		this.records.computeIfAbsent(topic, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(outcome,
					(key) -> Counter.builder("learnflow.detector.records")
						.description("Input records by topic and outcome")
						.tag("topic", topic)
						.tag("outcome", outcome)
						.register(this.registry))
			.increment();
	}

	/**
	 * A record the exception handlers gave up on ({@code deserialization},
	 * {@code processing}, {@code production}), a stream thread replaced, or a student's
	 * state that could not be read and was started afresh.
	 */
	void failure(String kind) {
		Counter.builder("learnflow.detector.failures")
			.description("Records given up on by the exception handlers, replaced stream threads, unreadable states")
			.tag("kind", kind)
			.register(this.registry)
			.increment();
	}

	void alert(String struggleType, String action, Duration sinceEvidence) {
		Counter.builder("learnflow.detector.alerts")
			.description("Alerts published by struggle type and recommended action")
			.tag("struggle_type", struggleType)
			.tag("recommended_action", action)
			.register(this.registry)
			.increment();
		Timer.builder("learnflow.detector.latency")
			.description("From the event that completed a pattern (or the stall deadline) to its alert")
			.publishPercentiles(0.5, 0.99)
			.register(this.registry)
			.record(sinceEvidence.isNegative() ? Duration.ZERO : sinceEvidence);
	}

}
