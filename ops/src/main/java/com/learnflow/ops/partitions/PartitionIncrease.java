package com.learnflow.ops.partitions;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;

import com.learnflow.events.EventTopic;
import com.learnflow.events.TopicCatalog;

/**
 * Adds partitions to a catalog topic and to its dead-letter topic together (a dead-letter
 * copy may keep its record's partition number, which must exist there too). Kafka cannot
 * remove partitions, so a count that is not larger is refused. Nothing else has to
 * follow: the detector reads new input partitions at its next metadata refresh (its
 * repartition topic keeps its own count), and its alert view reads new partitions of
 * {@code struggle.detected} from their beginning at its next partition check.
 */
public final class PartitionIncrease {

	/**
	 * The most partitions this tool gives a topic: the detector's deployment scales to at
	 * most this many.
	 */
	static final int MAX_PARTITIONS = 64;

	/** How long an increase may take to reach the brokers' metadata. */
	private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);

	private static final Duration METADATA_POLL = Duration.ofMillis(100);

	private final Admin admin;

	public PartitionIncrease(Admin admin) {
		this.admin = admin;
	}

	/**
	 * Increases the topic and its dead-letter topic to {@code partitions}.
	 * @return what was done, a sentence
	 * @throws IllegalArgumentException when the increase is refused; nothing was changed
	 * then
	 * @throws NotConfirmedException when the increase was made but the brokers' metadata
	 * did not show it in time
	 */
	public String increase(String topic, int partitions) throws InterruptedException, ExecutionException {
		Optional<EventTopic<?>> entry = TopicCatalog.byName(topic);
		if (entry.isEmpty()) {
			throw new IllegalArgumentException("'" + topic + "' is not a catalog topic; one of "
					+ TopicCatalog.all().stream().map(EventTopic::name).toList());
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
		awaitVisible(topic, partitions);
		awaitVisible(deadLetters, partitions);
		return topic + ": " + current + " -> " + partitions + " partitions"
				+ (deadLettersToo ? ", and " + deadLetters + " with it" : "")
				+ ". From now on a key's new records may go to another partition than its earlier ones: per-key order"
				+ " holds only among records written after the increase. " + whatFollows(entry.get())
				+ " New clusters still get TopicCatalog.PARTITIONS (" + TopicCatalog.PARTITIONS
				+ "): change it there to make the increase the default.";
	}

	private static String whatFollows(EventTopic<?> topic) {
		if (topic == TopicCatalog.STRUGGLE_DETECTED) {
			return "The detector writes alerts to the new partitions from its producer's next metadata refresh (at most"
					+ " 5 minutes), and every replica's alert view reads them from their beginning at its next partition"
					+ " check (learnflow.alerts.partition-check-interval, 30 s); SSE positions gain the new partitions.";
		}
		return "The detector reads the new partitions at its next metadata refresh (at most 5 minutes) and keeps"
				+ " working: its repartition topic keeps its own count.";
	}

	/**
	 * Waits until the brokers' metadata shows the new count: the controller acknowledges
	 * an increase before every broker has applied it, and "done" should mean that a
	 * describe right after it shows the new partitions.
	 */
	private void awaitVisible(String topic, int partitions) throws InterruptedException, ExecutionException {
		long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
		while (count(topic) < partitions) {
			if (System.nanoTime() > deadline) {
				throw new NotConfirmedException(topic + " was increased to " + partitions
						+ " partitions, but the brokers' metadata did not show it within " + VISIBLE_WITHIN.toSeconds()
						+ " s; check again with 'describe'");
			}
			Thread.sleep(METADATA_POLL.toMillis());
		}
	}

	private int count(String topic) throws InterruptedException, ExecutionException {
		return this.admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
	}

	/**
	 * The controller accepted an increase that the brokers' metadata did not show in
	 * time.
	 */
	public static final class NotConfirmedException extends RuntimeException {

		NotConfirmedException(String message) {
			super(message);
		}

	}

}
