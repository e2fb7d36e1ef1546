package com.learnflow.struggle.alerts;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import com.learnflow.events.TopicCatalog;

/**
 * Every detector replica reads the whole of {@code struggle.detected} (committed records
 * only, with a plain consumer of its own, no group) into a local RocksDB copy, so that
 * any replica answers for any student, and hands each new alert to the streams'
 * subscribers without ever waiting for one.
 *
 * <p>
 * The copy keeps what the topic keeps (3 days), at most
 * {@link AlertsProperties#perStudent()} alerts per student, and each alert id once. It is
 * deleted and read again from the beginning at every start; until the reader has come up
 * to the end offsets it found then, {@link #caughtUp()} is false and readiness is DOWN.
 * Every record is treated as hostile: one that is not an alert is skipped and counted,
 * and reading goes on.
 */
public class AlertView implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AlertView.class);

	static final String TOPIC = TopicCatalog.STRUGGLE_DETECTED.name();

	/** The view keeps what the topic keeps. */
	static final Duration KEPT = TopicCatalog.STRUGGLE_DETECTED.retention();

	/** How often (on the view's clock) alerts older than {@link #KEPT} are removed. */
	static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(1);

	/**
	 * Stops before the streams' subscribers go and before the web server's graceful
	 * shutdown.
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1;

	private static final Duration POLL = Duration.ofMillis(500);

	private static final Duration RETRY = Duration.ofSeconds(1);

	private static final long SKIP_LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

	private static final List<String> SKIP_REASONS = List.of("empty", "oversized", "unreadable", "invalid");

	/**
	 * Whoever follows the alerts as they are applied: offered each one, never waited for.
	 */
	interface Subscriber {

		/** The student whose alerts it wants, or {@code null} for all. */
		UUID student();

		/**
		 * Takes the alert if there is room; {@code false} if the subscriber has fallen
		 * too far behind.
		 */
		boolean offer(LiveAlert alert);

		/** It fell too far behind and no longer gets alerts. */
		void dropped();

	}

	/**
	 * An alert just applied, with the view's position after it.
	 *
	 * @param alert the alert
	 * @param after the view's position after the alert's record
	 */
	record LiveAlert(StoredAlert alert, StreamPosition after) {
	}

	private final Supplier<Consumer<byte[], byte[]>> consumers;

	private final Path directory;

	private final AlertsProperties properties;

	private final Clock clock;

	private final Map<String, Counter> skipped = new LinkedHashMap<>();

	/**
	 * Held while a record is applied and its subscribers offered it, and while a
	 * subscriber registers.
	 */
	private final ReentrantLock applying = new ReentrantLock();

	/**
	 * The offset of the last record applied, by partition; written by the reader only,
	 * under {@link #applying}.
	 */
	private final TreeMap<Integer, Long> applied = new TreeMap<>();

	private final Map<UUID, List<Subscriber>> subscribersByStudent = new HashMap<>();

	private final List<Subscriber> subscribersOfAll = new ArrayList<>();

	private volatile AlertStore store;

	private volatile Consumer<byte[], byte[]> consumer;

	private volatile Thread reader;

	private volatile CountDownLatch stopping = new CountDownLatch(0);

	private volatile boolean running;

	private volatile Map<TopicPartition, Long> catchUpTarget;

	private volatile boolean caughtUp;

	private volatile long behind = -1;

	private long startedAt;

	private long nextExpiryMs;

	private long nextSkipLog;

	private long skippedSinceLog;

	public AlertView(Supplier<Consumer<byte[], byte[]>> consumers, Path directory, AlertsProperties properties,
			Clock clock, MeterRegistry registry) {
		this.consumers = consumers;
		this.directory = directory;
		this.properties = properties;
		this.clock = clock;
		Gauge.builder("learnflow.alert.view.alerts", this, AlertView::size)
			.description("Alerts in this replica's view of struggle.detected")
			.register(registry);
		for (String reason : SKIP_REASONS) {
			this.skipped.put(reason,
					Counter.builder("learnflow.alert.view.skipped")
						.description("Records of struggle.detected the view skipped, by reason")
						.tag("reason", reason)
						.register(registry));
		}
	}

	/**
	 * The student's alerts (their JSON) of the last 3 days, newest first, at most the
	 * per-student cap.
	 */
	public List<String> alertsOf(UUID student) {
		AlertStore current = this.store;
		return (current != null) ? current.alertsOf(student, this.clock.instant().minus(KEPT)) : List.of();
	}

	/**
	 * The student's alerts after {@code after} and up to {@code upTo}, in partition and
	 * offset order.
	 */
	List<StoredAlert> alertsOf(UUID student, StreamPosition after, StreamPosition upTo) {
		AlertStore current = this.store;
		return (current != null) ? current.alertsOf(student, after, upTo) : List.of();
	}

	/**
	 * At most {@code limit} alerts of the partition after offset {@code after} and up to
	 * {@code upTo}, in order.
	 */
	List<StoredAlert> alertsIn(int partition, long after, long upTo, int limit) {
		AlertStore current = this.store;
		return (current != null) ? current.alertsIn(partition, after, upTo, limit) : List.of();
	}

	/**
	 * Registers the subscriber, which is offered every alert applied from now on.
	 * @return the view's position now: every alert up to it is in the store, every later
	 * one is offered
	 */
	StreamPosition subscribe(Subscriber subscriber) {
		this.applying.lock();
		try {
			if (subscriber.student() == null) {
				this.subscribersOfAll.add(subscriber);
			}
			else {
				this.subscribersByStudent.computeIfAbsent(subscriber.student(), (student) -> new ArrayList<>())
					.add(subscriber);
			}
			return StreamPosition.of(this.applied);
		}
		finally {
			this.applying.unlock();
		}
	}

	void unsubscribe(Subscriber subscriber) {
		this.applying.lock();
		try {
			if (subscriber.student() == null) {
				this.subscribersOfAll.remove(subscriber);
			}
			else {
				List<Subscriber> ofStudent = this.subscribersByStudent.get(subscriber.student());
				if (ofStudent != null && ofStudent.remove(subscriber) && ofStudent.isEmpty()) {
					this.subscribersByStudent.remove(subscriber.student());
				}
			}
		}
		finally {
			this.applying.unlock();
		}
	}

	/**
	 * Whether the reader has come up to the end offsets it found when the view started.
	 */
	public boolean caughtUp() {
		return this.caughtUp;
	}

	/**
	 * The records the reader still had to read to catch up when it last looked, or -1
	 * before it knows.
	 */
	public long behind() {
		return this.behind;
	}

	/** The alerts in the view. */
	public long size() {
		AlertStore current = this.store;
		return (current != null) ? current.size() : 0;
	}

	@Override
	public void start() {
		try {
			this.store = AlertStore.create(this.directory, this.properties.perStudent());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not create the alert view in " + this.directory, ex);
		}
		this.applied.clear();
		this.catchUpTarget = null;
		this.caughtUp = false;
		this.behind = -1;
		this.startedAt = System.nanoTime();
		this.nextExpiryMs = this.clock.millis() + EXPIRY_INTERVAL.toMillis();
		this.stopping = new CountDownLatch(1);
		this.running = true;
		Thread thread = new Thread(this::read, "struggle-alert-view");
		thread.setDaemon(true);
		thread.start();
		this.reader = thread;
	}

	private void read() {
		while (this.running) {
			try (Consumer<byte[], byte[]> kafka = this.consumers.get()) {
				this.consumer = kafka;
				if (this.running) {
					follow(kafka);
				}
			}
			catch (WakeupException | InterruptException ex) {
				// stop() woke the consumer up.
			}
			catch (RuntimeException ex) {
				if (this.running) {
					log.warn("Reading {} failed ({}); going on from the view's position in {} s", TOPIC, ex.toString(),
							RETRY.toSeconds());
					pause(RETRY);
				}
			}
			finally {
				this.consumer = null;
			}
		}
	}

	private void follow(Consumer<byte[], byte[]> kafka) {
		Set<TopicPartition> assigned = new HashSet<>();
		long nextPartitionCheck = System.nanoTime();
		while (this.running) {
			if (System.nanoTime() - nextPartitionCheck >= 0) {
				assignNewPartitions(kafka, assigned);
				nextPartitionCheck = System.nanoTime() + this.properties.partitionCheckInterval().toNanos();
			}
			if (assigned.isEmpty()) {
				pause(POLL);
			}
			else {
				for (ConsumerRecord<byte[], byte[]> record : kafka.poll(POLL)) {
					apply(record);
				}
			}
			if (!this.caughtUp) {
				checkCaughtUp(kafka);
			}
			expireWhenDue();
		}
	}

	/**
	 * Assigns the topic's partitions not assigned yet: a partition the view has read
	 * before from the record after its last one (the consumer was replaced after a
	 * failure), any other from its beginning.
	 */
	private void assignNewPartitions(Consumer<byte[], byte[]> kafka, Set<TopicPartition> assigned) {
		List<PartitionInfo> partitions;
		try {
			partitions = kafka.partitionsFor(TOPIC,
					assigned.isEmpty() ? Duration.ofSeconds(30) : Duration.ofSeconds(5));
		}
		catch (TimeoutException ex) {
			if (assigned.isEmpty()) {
				throw ex;
			}
			// The partitions assigned are still read; the next check looks again.
			log.debug("Could not look for new partitions of {}: {}", TOPIC, ex.toString());
			return;
		}
		List<TopicPartition> added = new ArrayList<>();
		for (PartitionInfo partition : (partitions != null) ? partitions : List.<PartitionInfo>of()) {
			TopicPartition topicPartition = new TopicPartition(TOPIC, partition.partition());
			if (!assigned.contains(topicPartition)) {
				added.add(topicPartition);
			}
		}
		if (!added.isEmpty()) {
			Set<TopicPartition> all = new HashSet<>(assigned);
			all.addAll(added);
			kafka.assign(all);
			List<TopicPartition> fresh = new ArrayList<>();
			for (TopicPartition partition : added) {
				Long last = this.applied.get(partition.partition());
				if (last != null) {
					kafka.seek(partition, last + 1);
				}
				else {
					fresh.add(partition);
				}
			}
			if (!fresh.isEmpty()) {
				kafka.seekToBeginning(fresh);
			}
			if (this.catchUpTarget != null && !fresh.isEmpty()) {
				log.info("Reading new partitions {} of {} from their beginning", fresh, TOPIC);
			}
			assigned.addAll(added);
		}
		if (this.catchUpTarget == null) {
			Map<TopicPartition, Long> target = assigned.isEmpty() ? Map.of() : kafka.endOffsets(assigned);
			log.info("The alert view reads {} ({} partitions) up to its end offsets {} before it is ready", TOPIC,
					assigned.size(), target.values());
			this.catchUpTarget = target;
		}
	}

	private void checkCaughtUp(Consumer<byte[], byte[]> kafka) {
		Map<TopicPartition, Long> target = this.catchUpTarget;
		if (target == null) {
			return;
		}
		long remaining = 0;
		for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
			remaining += Math.max(0, end.getValue() - kafka.position(end.getKey()));
		}
		this.behind = remaining;
		if (remaining == 0) {
			this.caughtUp = true;
			log.info("The alert view has caught up with {}: {} alerts, in {} ms", TOPIC, size(),
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startedAt));
		}
	}

	private void apply(ConsumerRecord<byte[], byte[]> record) {
		Instant now = this.clock.instant();
		AlertRecord read = AlertRecord.read(record, now);
		if (read.isSkipped()) {
			skipped(record, read);
		}
		boolean keep = !read.isSkipped() && !read.isOlderThan(now, KEPT);
		// Retention counts from the record's time, but never from a time ahead of the
		// clock.
		long keptFrom = (record.timestamp() >= 0) ? Math.min(record.timestamp(), now.toEpochMilli())
				: now.toEpochMilli();
		this.applying.lock();
		try {
			boolean added = keep && this.store.add(read, record.partition(), record.offset(), keptFrom);
			this.applied.put(record.partition(), record.offset());
			if (added) {
				offer(new StoredAlert(record.partition(), record.offset(), read.alert().userId(), read.json()));
			}
		}
		finally {
			this.applying.unlock();
		}
	}

	/**
	 * Offers the alert to its subscribers, under {@link #applying}; drops those that have
	 * no room left.
	 */
	private void offer(StoredAlert alert) {
		List<Subscriber> ofStudent = this.subscribersByStudent.getOrDefault(alert.student(), List.of());
		if (ofStudent.isEmpty() && this.subscribersOfAll.isEmpty()) {
			return;
		}
		LiveAlert live = new LiveAlert(alert, StreamPosition.of(this.applied));
		offer(this.subscribersOfAll, live);
		offer(ofStudent, live);
		if (ofStudent.isEmpty()) {
			this.subscribersByStudent.remove(alert.student());
		}
	}

	private static void offer(List<Subscriber> subscribers, LiveAlert live) {
		for (Iterator<Subscriber> each = subscribers.iterator(); each.hasNext();) {
			Subscriber subscriber = each.next();
			if (!subscriber.offer(live)) {
				each.remove();
				subscriber.dropped();
			}
		}
	}

	private void expireWhenDue() {
		long now = this.clock.millis();
		if (now < this.nextExpiryMs) {
			return;
		}
		this.nextExpiryMs = now + EXPIRY_INTERVAL.toMillis();
		int removed = this.store.expire(now - KEPT.toMillis(), List.copyOf(this.applied.keySet()));
		if (removed > 0) {
			log.debug("Removed {} alerts older than {} from the view", removed, KEPT);
		}
	}

	/**
	 * Counts the skipped record and logs it, at most once per 10 s, without anything of
	 * its content.
	 */
	private void skipped(ConsumerRecord<byte[], byte[]> record, AlertRecord read) {
		this.skipped.get(read.skipped()).increment();
		long now = System.nanoTime();
		if (now - this.nextSkipLog >= 0) {
			log.warn("Skipped record {}-{}@{}: {} ({}); {} more skipped since the last such report", record.topic(),
					record.partition(), record.offset(), read.skipped(), read.problem(), this.skippedSinceLog);
			this.nextSkipLog = now + SKIP_LOG_INTERVAL_NANOS;
			this.skippedSinceLog = 0;
		}
		else {
			this.skippedSinceLog++;
		}
	}

	private void pause(Duration duration) {
		try {
			this.stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	@Override
	public void stop() {
		this.running = false;
		this.stopping.countDown();
		Consumer<byte[], byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		Thread thread = this.reader;
		if (thread != null) {
			try {
				thread.join(Duration.ofSeconds(5).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.applying.lock();
		try {
			this.subscribersOfAll.clear();
			this.subscribersByStudent.clear();
		}
		finally {
			this.applying.unlock();
		}
		AlertStore open = this.store;
		if (open != null) {
			open.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
