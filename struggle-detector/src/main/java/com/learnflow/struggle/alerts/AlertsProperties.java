package com.learnflow.struggle.alerts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The bounds of the read model and of the stream, under {@code learnflow.alerts.*}; the
 * defaults are those of {@code docs/struggle-detection.md}.
 *
 * @param perStudent the alerts the view keeps per student; a new one beyond it removes
 * the student's oldest (by {@code detected_at})
 * @param partitionCheckInterval how often the view looks for partitions added to
 * {@code struggle.detected}
 * @param stream the Server-Sent Events stream
 */
@ConfigurationProperties("learnflow.alerts")
public record AlertsProperties(@DefaultValue("50") int perStudent, @DefaultValue("30s") Duration partitionCheckInterval,
		@DefaultValue Stream stream) {

	public AlertsProperties {
		requireAtLeast("per-student", perStudent, 1);
		requirePositive("partition-check-interval", partitionCheckInterval);
	}

	/**
	 * @param subscribersPerStudent the streams of one {@code user_id} a replica serves at
	 * once; one more is a 429
	 * @param subscribers the streams a replica serves at once, filtered or not; one more
	 * is a 503
	 * @param queue the alerts waiting for one subscriber; a subscriber that falls this
	 * far behind is dropped
	 * @param heartbeat how long a stream may stay silent before it carries a comment
	 * line, so that proxies and clients see it alive
	 */
	public record Stream(@DefaultValue("5") int subscribersPerStudent, @DefaultValue("500") int subscribers,
			@DefaultValue("256") int queue, @DefaultValue("15s") Duration heartbeat) {

		public Stream {
			requireAtLeast("stream.subscribers-per-student", subscribersPerStudent, 1);
			requireAtLeast("stream.subscribers", subscribers, 1);
			requireAtLeast("stream.queue", queue, 2);
			requirePositive("stream.heartbeat", heartbeat);
		}

	}

	private static void requireAtLeast(String name, int value, int min) {
		if (value < min) {
			throw new IllegalArgumentException(
					"learnflow.alerts." + name + " must be at least " + min + " but was " + value);
		}
	}

	private static void requirePositive(String name, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("learnflow.alerts." + name + " must be positive but was " + value);
		}
	}

}
