package com.learnflow.struggle.stream;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.learnflow.events.TopicCatalog;

/**
 * Where Kafka Streams' exception handlers put a record they give up on: a record of a
 * catalog topic goes to that topic's dead-letter topic, a record of one of the detector's
 * internal topics (repartition, changelog) to the detector's own,
 * {@code <application id>.dlt}. Written by a producer of its own, outside the stream's
 * transactions: a record that is processed again after an aborted transaction may be
 * dead-lettered twice, never lost.
 */
class DeadLetterSink implements AutoCloseable {

	/**
	 * The key under which the sink travels to the handlers in the Kafka Streams
	 * configuration.
	 */
	static final String CONFIG = "learnflow.dead-letter-sink";

	private static final Logger log = LoggerFactory.getLogger(DeadLetterSink.class);

	private final Supplier<Producer<byte[], byte[]>> producers;

	private final String internalTopic;

	private final DetectionMetrics metrics;

	private Producer<byte[], byte[]> producer;

	DeadLetterSink(Supplier<Producer<byte[], byte[]>> producers, String internalTopic, DetectionMetrics metrics) {
		this.producers = producers;
		this.internalTopic = internalTopic;
		this.metrics = metrics;
	}

	/** The detector's own dead-letter topic for records of its internal topics. */
	static String internalTopic(String applicationId) {
		return applicationId + TopicCatalog.DEAD_LETTER_SUFFIX;
	}

	/** The dead-letter topic of a record read from (or written to) this topic. */
	String topicFor(String topic) {
		return (topic != null && TopicCatalog.byName(topic).isPresent()) ? topic + TopicCatalog.DEAD_LETTER_SUFFIX
				: this.internalTopic;
	}

	/**
	 * Writes one dead letter, with the same headers as the parser's dead letters, and
	 * counts the failure; a dead letter that cannot be written is logged (without its
	 * payload) and counted, never thrown.
	 */
	synchronized void deadLetter(String kind, String topic, int partition, long offset, byte[] key, byte[] value,
			Headers original, String reason, Exception cause) {
		this.metrics.failure(kind);
		Headers headers = DeadLetters.bounded((original != null) ? original : new RecordHeaders());
		DeadLetters.put(headers, DeadLetters.REASON, reason);
		DeadLetters.put(headers, DeadLetters.ERROR, DeadLetters.cut(cause.toString()));
		DeadLetters.put(headers, DeadLetters.ORIGINAL_TOPIC, String.valueOf(topic));
		DeadLetters.put(headers, DeadLetters.ORIGINAL_PARTITION, Integer.toString(partition));
		DeadLetters.put(headers, DeadLetters.ORIGINAL_OFFSET, Long.toString(offset));
		byte[] bounded = (value != null && value.length <= InputParser.MAX_VALUE_BYTES) ? value : null;
		String target = topicFor(topic);
		log.warn("{} failure at {}-{}@{} ({}): dead-lettered to {}", kind, topic, partition, offset, cause.toString(),
				target);
		try {
			if (this.producer == null) {
				this.producer = this.producers.get();
			}
			this.producer.send(new ProducerRecord<>(target, null, null, key, bounded, headers), (metadata, ex) -> {
				if (ex != null) {
					this.metrics.failure("dead_letter_lost");
					log.error("Could not write a dead letter to {}: {}", target, ex.toString());
				}
			});
		}
		catch (RuntimeException ex) {
			this.metrics.failure("dead_letter_lost");
			log.error("Could not write a dead letter to {}: {}", target, ex.toString());
		}
	}

	/** Counts a failure that is not dead-lettered. */
	void count(String kind) {
		this.metrics.failure(kind);
	}

	@Override
	public synchronized void close() {
		if (this.producer != null) {
			this.producer.close(Duration.ofSeconds(5));
			this.producer = null;
		}
	}

}
