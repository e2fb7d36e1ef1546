package com.learnflow.kafka;

import java.util.regex.Pattern;

import com.learnflow.events.TopicCatalog;

/**
 * A consumer group id named by the convention {@code {service}-{environment}-{purpose}}
 * (the service being its {@code spring.application.name}, the environment
 * {@code learnflow.environment}), for example {@code struggle-detector-prod-detection}.
 *
 * @param service the application that consumes, such as {@code struggle-detector}
 * @param environment where it runs, such as {@code local}, {@code dev} or {@code prod}
 * @param purpose what the group consumes for, such as {@code detection}
 */
public record ConsumerGroupId(String service, String environment, String purpose) {

	/**
	 * The detector's name ({@code spring.application.name}): the service part of its
	 * application id.
	 */
	public static final String DETECTOR = "struggle-detector";

	/**
	 * The purpose of the detector's Kafka Streams application, whose id is also its
	 * consumer group.
	 */
	public static final String DETECTION = "detection";

	private static final Pattern PART = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

	public ConsumerGroupId {
		requirePart("service", service);
		requirePart("environment", environment);
		requirePart("purpose", purpose);
	}

	private static void requirePart(String name, String value) {
		if (value == null || !PART.matcher(value).matches()) {
			throw new IllegalArgumentException(
					"consumer group " + name + " must be lower-case words joined by '-' but was '" + value + "'");
		}
	}

	/**
	 * The detector's application id in an environment, such as
	 * {@code struggle-detector-prod-detection}.
	 */
	public static ConsumerGroupId detection(String environment) {
		return new ConsumerGroupId(DETECTOR, environment, DETECTION);
	}

	/**
	 * Whether a topic belongs to this id as a Kafka Streams application: its changelog
	 * and repartition topics (which Kafka Streams prefixes with the id) and its own
	 * dead-letter topic.
	 */
	public boolean ownsTopic(String topic) {
		return topic.startsWith(value() + "-") || topic.equals(value() + TopicCatalog.DEAD_LETTER_SUFFIX);
	}

	/** The group id as Kafka sees it. */
	public String value() {
		return this.service + "-" + this.environment + "-" + this.purpose;
	}

	@Override
	public String toString() {
		return value();
	}

}
