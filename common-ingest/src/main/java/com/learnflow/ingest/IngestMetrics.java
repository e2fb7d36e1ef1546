package com.learnflow.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counts what happens to requests per topic (accepted, rejected by reason, failed) and
 * times each publish, from the send to the broker's acknowledgement.
 */
public class IngestMetrics {

	static final String EVENTS = "learnflow.ingest.events";

	static final String PUBLISH = "learnflow.ingest.publish";

	/** The topic tag of a request whose endpoint is not known. */
	static final String UNKNOWN_TOPIC = "unknown";

	private final MeterRegistry registry;

	/**
	 * The meters already registered, by name, topic, outcome and reason: looked up once,
	 * not per request.
	 */
	private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

	private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

	public IngestMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void accepted(String topic, Duration publishTime) {
		count(topic, "accepted", "none");
		publishTimer(topic, "acknowledged").record(publishTime);
	}

	void replayed(String topic) {
		count(topic, "accepted", "idempotent_replay");
	}

	void failed(String topic, Duration publishTime) {
		count(topic, "failed", "broker_unavailable");
		publishTimer(topic, "failed").record(publishTime);
	}

	void rejected(String topic, String reason) {
		count(topic, "rejected", reason);
	}

	private void count(String topic, String outcome, String reason) {
		this.counters
			.computeIfAbsent(List.of(topic, outcome, reason),
					(key) -> Counter.builder(EVENTS)
						.description("Ingest requests by topic and outcome")
						.tag("topic", topic)
						.tag("outcome", outcome)
						.tag("reason", reason)
						.register(this.registry))
			.increment();
	}

	private Timer publishTimer(String topic, String outcome) {
		return this.timers.computeIfAbsent(List.of(topic, outcome),
				(key) -> Timer.builder(PUBLISH)
					.description("Time from send to the broker's acknowledgement")
					.tag("topic", topic)
					.tag("outcome", outcome)
					// Exported as quantiles of each instance (a Prometheus summary),
					// ready to read without histogram_quantile.
					.publishPercentiles(0.5, 0.95, 0.99, 0.999)
					.register(this.registry));
	}

}
