package com.learnflow.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer and consumer settings of every LearnFlow Kafka client, defined once:
 * durable writes, ordered and idempotent, within bounded timeouts; reads from the
 * earliest offset, committed after processing.
 *
 * <p>
 * Spring services get them through {@link LearnFlowServiceDefaults}; plain tools (the
 * local broker's topic tool, the benchmark) use the maps directly.
 */
public final class KafkaClientConfig {

	private KafkaClientConfig() {
	}

	/**
	 * The producer config: every write acknowledged by all in-sync replicas, idempotent,
	 * batched briefly, with every blocking and delivery timeout held within
	 * {@code publishTimeout} so that no caller waits for Kafka's 60 s defaults, and
	 * retried until the delivery timeout rather than a fixed number of times.
	 */
	public static Map<String, Object> producer(Duration publishTimeout) {
		long bound = publishTimeout.toMillis();
		if (bound < 1000) {
			throw new IllegalArgumentException("publish timeout must be at least 1s but was " + publishTimeout);
		}
		Map<String, Object> config = new LinkedHashMap<>();
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		// Not retries=3 (LearnFlow's original Kafka guide): retries stay at Kafka's
		// default (Integer.MAX_VALUE): three retries,
		// backing off from 100 ms, are spent in well under a second, sooner than a leader
		// election ends, and the
		// record would fail long before its delivery timeout. delivery.timeout.ms alone
		// bounds the retries.
		config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 100);
		config.put(ProducerConfig.BATCH_SIZE_CONFIG, 16384);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 33554432L);
		config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
		// An acknowledged event is written once, even when a retry follows a lost answer.
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		// send() blocks for metadata or buffer space at most this long (Kafka's default
		// is 60 s).
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, bound);
		// A record is given up on, retries included, within the bound; Kafka asks
		// delivery >= linger + request.
		// Both are int settings: a Long in the map would be refused by a plain
		// KafkaProducer.
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.toIntExact(bound));
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.toIntExact(bound - 100));
		return config;
	}

	/**
	 * The consumer config: replay from the earliest offset, commit only after processing.
	 */
	public static Map<String, Object> consumer() {
		Map<String, Object> config = new LinkedHashMap<>(streamsConsumer());
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		return config;
	}

	/**
	 * The consumer settings that apply to Kafka Streams as well; Streams manages commits
	 * itself and refuses {@code enable.auto.commit}.
	 */
	public static Map<String, Object> streamsConsumer() {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30000);
		config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 10000);
		config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300000);
		return config;
	}

}
