package com.learnflow.struggle.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes straight to {@code struggle.detected}, as the detector does or as any other
 * client with access may.
 */
final class AlertWriter implements AutoCloseable {

	private final String bootstrapServers;

	private final KafkaProducer<String, byte[]> producer;

	AlertWriter(String bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
		this.producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 0),
				new StringSerializer(), new ByteArraySerializer());
	}

	/** The alert, as the detector writes it. */
	static String json(UUID student, String struggleType, Instant detectedAt) {
		return """
				{"event_type":"struggle_detected","user_id":"%s","struggle_type":"%s","confidence":0.875,\
				"recommended_action":"offer_hint","detected_at":"%s"}""".formatted(student, struggleType, detectedAt);
	}

	/**
	 * Writes an alert with a new {@code ce_id}, keyed by its student, and waits for the
	 * broker's acknowledgement.
	 */
	RecordMetadata alert(UUID student, String struggleType, Instant detectedAt) {
		return write(null, student.toString(), json(student, struggleType, detectedAt).getBytes(StandardCharsets.UTF_8),
				UUID.randomUUID().toString());
	}

	/**
	 * Writes alerts of as many new students, without waiting for each acknowledgement,
	 * then flushes.
	 */
	void burst(int alerts, Instant detectedAt) {
		for (int i = 0; i < alerts; i++) {
			UUID student = UUID.randomUUID();
			RecordHeaders headers = new RecordHeaders();
			headers.add(AlertRecord.ID_HEADER, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
			this.producer.send(new ProducerRecord<>(AlertView.TOPIC, null, student.toString(),
					json(student, "repeated_errors", detectedAt).getBytes(StandardCharsets.UTF_8), headers));
		}
		this.producer.flush();
	}

	/**
	 * Writes whatever value and {@code ce_id} (none for {@code null}) to the partition
	 * (the key's for {@code null}).
	 */
	RecordMetadata write(Integer partition, String key, byte[] value, String ceId) {
		RecordHeaders headers = new RecordHeaders();
		if (ceId != null) {
			headers.add(AlertRecord.ID_HEADER, ceId.getBytes(StandardCharsets.UTF_8));
		}
		try {
			return this.producer.send(new ProducerRecord<>(AlertView.TOPIC, partition, key, value, headers))
				.get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not write to " + AlertView.TOPIC, ex);
		}
	}

	/** Writes the alerts in one transaction, and commits it or aborts it. */
	void inTransaction(List<String> alerts, UUID student, boolean commit) {
		try (KafkaProducer<String, byte[]> transactional = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
						ProducerConfig.TRANSACTIONAL_ID_CONFIG, "alert-writer-" + UUID.randomUUID()),
				new StringSerializer(), new ByteArraySerializer())) {
			transactional.initTransactions();
			transactional.beginTransaction();
			for (String alert : alerts) {
				RecordHeaders headers = new RecordHeaders();
				headers.add(AlertRecord.ID_HEADER, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
				transactional.send(new ProducerRecord<>(AlertView.TOPIC, null, student.toString(),
						alert.getBytes(StandardCharsets.UTF_8), headers));
			}
			if (commit) {
				transactional.commitTransaction();
			}
			else {
				transactional.flush();
				transactional.abortTransaction();
			}
		}
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
