package com.learnflow.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.awaitility.Awaitility.await;

/**
 * Reads a topic back as a plain client would: every partition from the beginning, keys
 * and values as strings, and only committed transactional records.
 */
public final class TopicRecords implements AutoCloseable {

	private final KafkaConsumer<String, String> consumer;

	private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

	private TopicRecords(Map<String, Object> clientConfig, String topic) {
		Map<String, Object> config = new java.util.HashMap<>(clientConfig);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
		List<TopicPartition> partitions = this.consumer.partitionsFor(topic, Duration.ofSeconds(10))
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToBeginning(partitions);
	}

	public static TopicRecords of(String bootstrapServers, String topic) {
		return new TopicRecords(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic);
	}

	/**
	 * Reads with these client settings, for example a secured broker's address and
	 * credentials.
	 */
	public static TopicRecords of(Map<String, Object> clientConfig, String topic) {
		return new TopicRecords(clientConfig, topic);
	}

	/**
	 * Waits until {@code count} records matching the filter have arrived, and returns
	 * them in arrival order.
	 */
	public List<ConsumerRecord<String, String>> awaitMatching(Predicate<ConsumerRecord<String, String>> filter,
			int count, Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
			this.consumer.poll(Duration.ofMillis(100)).forEach(this.seen::add);
			return matching(filter).size() >= count;
		});
		return matching(filter);
	}

	/** Waits up to 30 s for the one record with this key. */
	public ConsumerRecord<String, String> awaitKey(String key) {
		return awaitKey(key, Duration.ofSeconds(30));
	}

	/** Waits for the one record with this key. */
	public ConsumerRecord<String, String> awaitKey(String key, Duration timeout) {
		return awaitMatching((record) -> key.equals(record.key()), 1, timeout).get(0);
	}

	/** The records seen so far that match the filter. */
	public List<ConsumerRecord<String, String>> matching(Predicate<ConsumerRecord<String, String>> filter) {
		return this.seen.stream().filter(filter).toList();
	}

	/** Reads what has arrived up to now, for a check that something did not arrive. */
	public TopicRecords drain(Duration during) {
		long end = System.nanoTime() + during.toNanos();
		while (System.nanoTime() < end) {
			this.consumer.poll(Duration.ofMillis(100)).forEach(this.seen::add);
		}
		return this;
	}

	@Override
	public void close() {
		this.consumer.close(Duration.ofSeconds(2));
	}

}
