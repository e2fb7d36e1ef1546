package com.learnflow.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every event answered with 202 is on its topic exactly once: the topic is read to its end, and each answered
 * {@code event_id} must appear as one record's {@code ce_id}.
 */
final class NoLossCheck {

	/**
	 * @param topic the topic checked
	 * @param answered event ids answered with 202
	 * @param missing answered but not on the topic
	 * @param duplicated on the topic more than once
	 */
	record Outcome(String topic, int answered, long missing, long duplicated) {

		boolean passed() {
			return this.missing == 0 && this.duplicated == 0;
		}

	}

	static Outcome check(String bootstrap, String topic, Set<String> answered) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-no-loss-" + UUID.randomUUID());
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
		Map<String, Integer> seen = new HashMap<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
			while (partitions.stream().anyMatch((p) -> consumer.position(p) < end.get(p))
					&& System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(500)).forEach((record) -> {
					var id = record.headers().lastHeader("ce_id");
					if (id != null) {
						seen.merge(new String(id.value(), StandardCharsets.UTF_8), 1, Integer::sum);
					}
				});
			}
		}
		long missing = answered.stream().filter((id) -> !seen.containsKey(id)).count();
		long duplicated = answered.stream().filter((id) -> seen.getOrDefault(id, 0) > 1).count();
		return new Outcome(topic, answered.size(), missing, duplicated);
	}

}
