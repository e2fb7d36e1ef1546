package com.learnflow.events;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * One topic of the catalog: its name, partitions, retention, the event it carries and the
 * field it is keyed by.
 *
 * @param <E> the event carried by the topic
 */
public final class EventTopic<E extends LearnFlowEvent> {

	private final String name;

	private final int partitions;

	private final Duration retention;

	private final Class<E> eventClass;

	private final String eventType;

	private final String keyField;

	private final Function<E, Object> key;

	EventTopic(String name, int partitions, Duration retention, Class<E> eventClass, String eventType, String keyField,
			Function<E, Object> key) {
		this.name = name;
		this.partitions = partitions;
		this.retention = retention;
		this.eventClass = eventClass;
		this.eventType = eventType;
		this.keyField = keyField;
		this.key = key;
	}

	public String name() {
		return this.name;
	}

	public int partitions() {
		return this.partitions;
	}

	public Duration retention() {
		return this.retention;
	}

	/** The topic's {@code retention.ms} setting. */
	public String retentionMs() {
		return Long.toString(this.retention.toMillis());
	}

	public Class<E> eventClass() {
		return this.eventClass;
	}

	/** The documented {@code event_type} of the events on this topic. */
	public String eventType() {
		return this.eventType;
	}

	/** The JSON field whose value is the record key. */
	public String keyField() {
		return this.keyField;
	}

	/** The record key of an event on this topic: the value of {@link #keyField()}. */
	public String keyOf(E event) {
		return Objects.requireNonNull(this.key.apply(event), this.keyField).toString();
	}

	/**
	 * The dead-letter topic where records of this topic that cannot be read are parked.
	 */
	public String deadLetterTopic() {
		return this.name + TopicCatalog.DEAD_LETTER_SUFFIX;
	}

	/** The classpath location of the JSON Schema of this topic's events. */
	public String schemaResource() {
		return "schemas/" + this.name + ".schema.json";
	}

	@Override
	public String toString() {
		return this.name;
	}

}
