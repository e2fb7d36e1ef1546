package com.learnflow.kafka;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;

import com.learnflow.events.EventTopic;

/**
 * The catalog topics a service owns: those it writes, which it creates where they are
 * missing ({@link TopicProvisioner}), with the catalog's partitions and retention. Each
 * service declares its own as a bean.
 *
 * @param topics the topics the service writes
 * @param deadLetterTopics the topics whose dead-letter topic the service writes
 */
public record OwnedTopics(List<EventTopic<?>> topics, List<EventTopic<?>> deadLetterTopics) {

	public OwnedTopics {
		topics = List.copyOf(topics);
		deadLetterTopics = List.copyOf(deadLetterTopics);
	}

	/** The admin requests that create them. */
	public List<NewTopic> newTopics() {
		List<NewTopic> newTopics = new ArrayList<>();
		this.topics.forEach((topic) -> newTopics.add(CatalogTopics.newTopic(topic.name(), topic)));
		this.deadLetterTopics.forEach((topic) -> newTopics.add(CatalogTopics.newTopic(topic.deadLetterTopic(), topic)));
		return newTopics;
	}

}
