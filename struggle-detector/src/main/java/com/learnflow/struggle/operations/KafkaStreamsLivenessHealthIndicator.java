package com.learnflow.struggle.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.apache.kafka.streams.KafkaStreams;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

import com.learnflow.struggle.rules.DetectionProperties;

/**
 * The detector is live unless Kafka Streams has stayed failed or stopped (ERROR,
 * PENDING_ERROR, NOT_RUNNING, or no client at all) for longer than
 * {@code learnflow.detection.liveness-grace}; then liveness turns DOWN and the platform
 * restarts the pod. A short stop (a rebalance, a restart of the client) stays within the
 * grace.
 */
@Component
class KafkaStreamsLivenessHealthIndicator extends AbstractHealthIndicator {

	private static final Set<KafkaStreams.State> STOPPED = Set.of(KafkaStreams.State.ERROR,
			KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.NOT_RUNNING);

	private final StreamsBuilderFactoryBean streams;

	private final Duration grace;

	private final Clock clock;

	private Instant stoppedSince;

	KafkaStreamsLivenessHealthIndicator(StreamsBuilderFactoryBean streams, DetectionProperties properties,
			Clock clock) {
		super("Kafka Streams state could not be read");
		this.streams = streams;
		this.grace = properties.livenessGrace();
		this.clock = clock;
	}

	@Override
	protected synchronized void doHealthCheck(Health.Builder builder) {
		KafkaStreams kafkaStreams = this.streams.getKafkaStreams();
		String state = (kafkaStreams != null) ? kafkaStreams.state().name() : "NONE";
		boolean stopped = kafkaStreams == null || STOPPED.contains(kafkaStreams.state());
		Instant now = this.clock.instant();
		if (!stopped) {
			this.stoppedSince = null;
		}
		else if (this.stoppedSince == null) {
			this.stoppedSince = now;
		}
		boolean live = this.stoppedSince == null || Duration.between(this.stoppedSince, now).compareTo(this.grace) <= 0;
		(live ? builder.up() : builder.down()).withDetail("state", state);
		if (this.stoppedSince != null) {
			builder.withDetail("stoppedSince", this.stoppedSince.toString());
		}
	}

}
