package com.learnflow.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning (or from given offsets), committed records only, as a
 * fresh consumer outside any group would.
 */
final class TopicReader {

	private TopicReader() {
	}

	/** Reads every partition up to the end it had when reading began. */
	static void readToEnd(String bootstrap, String topic, Duration timeout,
			Consumer<ConsumerRecord<String, String>> each) {
		read(bootstrap, topic, Map.of(), timeout, each, null);
	}

	/**
	 * Reads every partition from the given offset (from the beginning where none is
	 * given) up to the end it had when reading began.
	 */
	static void readToEnd(String bootstrap, String topic, Map<TopicPartition, Long> from, Duration timeout,
			Consumer<ConsumerRecord<String, String>> each) {
		read(bootstrap, topic, from, timeout, each, null);
	}

	/**
	 * Reads from the beginning and keeps reading new records until {@code done} says so
	 * or the time is up.
	 */
	static void readUntil(String bootstrap, String topic, Duration timeout,
			Consumer<ConsumerRecord<String, String>> each, BooleanSupplier done) {
		read(bootstrap, topic, Map.of(), timeout, each, done);
	}

	/** The topic's end offset in each partition. */
	static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			return consumer.endOffsets(assignAll(consumer, topic));
		}
	}

	/**
	 * The sum of the topic's end offsets over its partitions: what it holds, counting
	 * from its first record.
	 */
	static long endOffsetSum(String bootstrap, String topic) {
		return endOffsets(bootstrap, topic).values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * Assigns every partition of the topic to the consumer, outside any group, and
	 * returns them.
	 */
	static List<TopicPartition> assignAll(KafkaConsumer<?, ?> consumer, String topic) {
		List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
		consumer.assign(partitions);
		return partitions;
	}

	private static void read(String bootstrap, String topic, Map<TopicPartition, Long> from, Duration timeout,
			Consumer<ConsumerRecord<String, String>> each, BooleanSupplier done) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		// No group: a group would commit the reader's positions on close and leave one
		// group per read on the broker (dozens after a bench and chaos, which the next
		// backup then has to read).
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			List<TopicPartition> partitions = assignAll(consumer, topic);
			consumer.seekToBeginning(partitions);
			from.forEach((partition, offset) -> {
				if (partitions.contains(partition)) {
					consumer.seek(partition, offset);
				}
			});
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			long deadline = System.nanoTime() + timeout.toNanos();
			while (System.nanoTime() < deadline) {
				boolean finished = (done != null) ? done.getAsBoolean()
						: partitions.stream().allMatch((p) -> consumer.position(p) >= end.get(p));
				if (finished) {
					return;
				}
				consumer.poll(Duration.ofMillis(500)).forEach(each);
			}
		}
	}

}
