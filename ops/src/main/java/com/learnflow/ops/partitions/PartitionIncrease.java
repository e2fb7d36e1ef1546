package com.learnflow.ops.partitions;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;

import com.learnflow.events.EventTopic;
import com.learnflow.events.TopicCatalog;

/**
 * Adds partitions to an input topic of the catalog and to its dead-letter topic together (a dead-letter copy may keep
 * its record's partition number, which must exist there too). Kafka cannot remove partitions, so a count that is not
 * larger is refused; so is {@code struggle.detected}, whose read side (the detector's alert view) takes its partition
 * list at start and does not follow an increase yet.
 */
public final class PartitionIncrease {

	/** The most partitions this tool gives a topic: the detector's deployment scales to at most this many. */
	static final int MAX_PARTITIONS = 64;

	private final Admin admin;

	public PartitionIncrease(Admin admin) {
		this.admin = admin;
	}

	/**
	 * Increases the topic and its dead-letter topic to {@code partitions}.
	 * @return what was done, a sentence
	 * @throws IllegalArgumentException when the increase is refused; nothing was changed then
	 */
	public String increase(String topic, int partitions) throws InterruptedException, ExecutionException {
		Optional<EventTopic<?>> entry = TopicCatalog.byName(topic);
		if (entry.isEmpty()) {
			throw new IllegalArgumentException("'" + topic + "' is not a catalog topic; one of "
					+ TopicCatalog.all().stream().map(EventTopic::name).toList());
		}
		if (entry.get() == TopicCatalog.STRUGGLE_DETECTED) {
			throw new IllegalArgumentException(topic + ": the detector's alert view reads the partitions it "
					+ "found at start and does not follow an increase yet (docs/runbook.md)");
		}
		if (partitions > MAX_PARTITIONS) {
			throw new IllegalArgumentException(
					topic + ": at most " + MAX_PARTITIONS + " partitions, not " + partitions);
		}
		String deadLetters = entry.get().deadLetterTopic();
		int current = count(topic);
		if (partitions <= current) {
			throw new IllegalArgumentException(topic + " has " + current + " partitions: Kafka cannot remove "
					+ "partitions, and " + partitions + " is not more");
		}
		this.admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all().get();
		boolean deadLettersToo = count(deadLetters) < partitions;
		if (deadLettersToo) {
			this.admin.createPartitions(Map.of(deadLetters, NewPartitions.increaseTo(partitions))).all().get();
		}
		return topic + ": " + current + " -> " + partitions + " partitions"
				+ (deadLettersToo ? ", and " + deadLetters + " with it" : "")
				+ ". From now on a key's new records may go to another partition than its earlier ones: per-key order"
				+ " holds only among records written after the increase. The detector keeps working (its repartition"
				+ " topic keeps its own count). New clusters still get TopicCatalog.PARTITIONS ("
				+ TopicCatalog.PARTITIONS + "): change it there to make the increase the default.";
	}

	private int count(String topic) throws InterruptedException, ExecutionException {
		return this.admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
	}

}
