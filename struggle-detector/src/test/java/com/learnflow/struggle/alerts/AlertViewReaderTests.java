package com.learnflow.struggle.alerts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Status;

import com.learnflow.struggle.BoundProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The view's reader, against a scripted consumer: readiness is DOWN until the reader has
 * come up to the end offsets it found at start; a failed consumer is replaced and reading
 * goes on after the last record applied; alerts older than the topic's retention leave
 * the view.
 */
class AlertViewReaderTests {

	static final TopicPartition P0 = new TopicPartition(AlertView.TOPIC, 0);

	static final TopicPartition P1 = new TopicPartition(AlertView.TOPIC, 1);

	@TempDir
	Path stateDir;

	final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

	AlertView view;

	@AfterEach
	void stopView() {
		if (this.view != null) {
			this.view.stop();
		}
	}

	@Test
	void readinessIsDownUntilTheReaderHasReachedTheEndOffsetsItFoundAtStart() {
		ScriptedConsumer consumer = new ScriptedConsumer(Map.of(P0, 2L, P1, 1L));
		this.view = view(consumer);
		AlertViewHealthIndicator health = new AlertViewHealthIndicator(this.view);
		this.view.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> consumer.assignment().size() == 2);
		assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);

		consumer.addRecord(alert(P0, 0, UUID.randomUUID()));
		consumer.addRecord(alert(P1, 0, UUID.randomUUID()));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.view.size() == 2);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.view.behind() == 1);
		assertThat(health.health(true).getStatus()).as("one record of partition 0 still to read")
			.isEqualTo(Status.DOWN);

		consumer.addRecord(alert(P0, 1, UUID.randomUUID()));
		await().atMost(Duration.ofSeconds(10)).until(() -> health.health(true).getStatus().equals(Status.UP));
		assertThat(health.health(true).getDetails()).containsEntry("alerts", 3L);
	}

	@Test
	void aFailedConsumerIsReplacedAndReadingGoesOnAfterTheLastRecordApplied() {
		ScriptedConsumer first = new ScriptedConsumer(Map.of(P0, 0L, P1, 0L));
		ScriptedConsumer second = new ScriptedConsumer(Map.of(P0, 0L, P1, 0L));
		List<ScriptedConsumer> consumers = new java.util.ArrayList<>(List.of(first, second));
		this.view = new AlertView(() -> consumers.remove(0), this.stateDir.resolve("alert-view"),
				BoundProperties.defaults(AlertsProperties.class), this.clock, new SimpleMeterRegistry());
		this.view.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> first.assignment().size() == 2);
		first.addRecord(alert(P0, 0, UUID.randomUUID()));
		first.addRecord(alert(P0, 1, UUID.randomUUID()));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.view.size() == 2);

		first.setPollException(new KafkaException("broker gone"));
		await().atMost(Duration.ofSeconds(10)).until(() -> second.assignment().size() == 2);
		assertThat(second.position(P0)).as("after the last record applied").isEqualTo(2);
		assertThat(second.position(P1)).as("a partition never read: from its beginning").isZero();
		second.addRecord(alert(P0, 2, UUID.randomUUID()));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.view.size() == 3);
	}

	@Test
	void alertsOlderThanTheTopicsRetentionLeaveTheView() {
		ScriptedConsumer consumer = new ScriptedConsumer(Map.of(P0, 0L, P1, 0L));
		this.view = view(consumer);
		this.view.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> consumer.assignment().size() == 2);
		UUID student = UUID.randomUUID();
		consumer.addRecord(alert(P0, 0, student));
		consumer.addRecord(alert(P1, 0, student));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.view.size() == 2);
		assertThat(this.view.alertsOf(student)).hasSize(2);

		this.clock.move(AlertView.KEPT.plus(AlertView.EXPIRY_INTERVAL).plusSeconds(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.view.size() == 0);
		assertThat(this.view.alertsOf(student)).isEmpty();
	}

	private AlertView view(ScriptedConsumer consumer) {
		return new AlertView(() -> consumer, this.stateDir.resolve("alert-view"),
				BoundProperties.defaults(AlertsProperties.class), this.clock, new SimpleMeterRegistry());
	}

	private ConsumerRecord<byte[], byte[]> alert(TopicPartition partition, long offset, UUID student) {
		String json = """
				{"event_type":"struggle_detected","user_id":"%s","struggle_type":"repeated_errors","confidence":0.9,
				 "recommended_action":"offer_hint","detected_at":"%s"}""".formatted(student, this.clock.instant());
		return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, this.clock.millis(),
				TimestampType.CREATE_TIME, 0, json.length(), student.toString().getBytes(StandardCharsets.UTF_8),
				json.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty());
	}

	/**
	 * A consumer of the topic's two partitions that, like a real one, waits a little when
	 * it has nothing.
	 */
	static final class ScriptedConsumer extends MockConsumer<byte[], byte[]> {

		ScriptedConsumer(Map<TopicPartition, Long> endOffsets) {
			super("earliest");
			Node node = new Node(0, "localhost", 9092);
			updatePartitions(AlertView.TOPIC, List.of(new PartitionInfo(AlertView.TOPIC, 0, node, null, null),
					new PartitionInfo(AlertView.TOPIC, 1, node, null, null)));
			updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
			updateEndOffsets(endOffsets);
		}

		@Override
		public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
			ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
			if (records.isEmpty()) {
				LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
			}
			return records;
		}

	}

	static final class MovableClock extends Clock {

		private volatile Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void move(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public long millis() {
			return this.now.toEpochMilli();
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
