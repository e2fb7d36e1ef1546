package com.learnflow.struggle.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

import com.learnflow.events.StruggleDetected;
import com.learnflow.events.TopicCatalog;

/**
 * Every detector replica reads the whole of {@code struggle.detected} (committed records only) into memory, so that
 * any replica answers for any student. The topic keeps 3 days, and so does the view.
 */
public class AlertView implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AlertView.class);

	static final Duration KEPT = TopicCatalog.STRUGGLE_DETECTED.retention();

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final Map<String, Object> consumerConfig;

	private final Clock clock;

	private final Map<UUID, Map<String, StruggleDetected>> byStudent = new ConcurrentHashMap<>();

	private final List<Consumer<StruggleDetected>> listeners = new CopyOnWriteArrayList<>();

	private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();

	private volatile KafkaConsumer<String, String> consumer;

	private volatile Thread reader;

	private volatile boolean running;

	public AlertView(Map<String, Object> kafkaConsumerConfig, Clock clock) {
		Map<String, Object> config = new HashMap<>(kafkaConsumerConfig);
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		this.consumerConfig = config;
		this.clock = clock;
	}

	/** The student's alerts of the last 3 days, newest first. */
	public List<StruggleDetected> alertsOf(UUID student) {
		Instant since = this.clock.instant().minus(KEPT);
		List<StruggleDetected> alerts = new ArrayList<>(this.byStudent.getOrDefault(student, Map.of()).values());
		alerts.removeIf((alert) -> alert.detectedAt().isBefore(since));
		alerts.sort(Comparator.comparing(StruggleDetected::detectedAt).reversed());
		return alerts;
	}

	/**
	 * Calls the listener with each alert that arrives from now on, and {@code onClose} when the view stops (so that
	 * open streams end before the web server's graceful shutdown waits for them); returns how to unsubscribe.
	 */
	public Runnable subscribe(Consumer<StruggleDetected> listener, Runnable onClose) {
		this.listeners.add(listener);
		this.closeHooks.add(onClose);
		return () -> {
			this.listeners.remove(listener);
			this.closeHooks.remove(onClose);
		};
	}

	@Override
	public void start() {
		this.running = true;
		Thread thread = new Thread(this::read, "struggle-alert-view");
		thread.setDaemon(true);
		thread.start();
		this.reader = thread;
	}

	private void read() {
		while (this.running) {
			try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(this.consumerConfig)) {
				this.consumer = kafka;
				String topic = TopicCatalog.STRUGGLE_DETECTED.name();
				List<TopicPartition> partitions = kafka.partitionsFor(topic, Duration.ofSeconds(30))
					.stream()
					.map((info) -> new TopicPartition(topic, info.partition()))
					.toList();
				kafka.assign(partitions);
				kafka.seekToBeginning(partitions);
				while (this.running) {
					kafka.poll(Duration.ofSeconds(1)).forEach(this::add);
					prune();
				}
			}
			catch (WakeupException ex) {
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Reading {} failed ({}); starting over", TopicCatalog.STRUGGLE_DETECTED, ex.toString());
			}
		}
	}

	private void add(ConsumerRecord<String, String> record) {
		StruggleDetected alert;
		try {
			alert = JSON.readValue(record.value(), StruggleDetected.class);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			log.warn("Skipped an unreadable alert at {}-{}@{}", record.topic(), record.partition(), record.offset());
			return;
		}
		var id = record.headers().lastHeader("ce_id");
		String alertId = (id != null) ? new String(id.value(), StandardCharsets.UTF_8)
				: record.partition() + "@" + record.offset();
		Map<String, StruggleDetected> alerts = this.byStudent.computeIfAbsent(alert.userId(),
				(student) -> new ConcurrentHashMap<>());
		if (alerts.putIfAbsent(alertId, alert) == null) {
			this.listeners.forEach((listener) -> listener.accept(alert));
		}
	}

	private void prune() {
		Instant since = this.clock.instant().minus(KEPT);
		this.byStudent.values().forEach((alerts) -> alerts.values().removeIf((a) -> a.detectedAt().isBefore(since)));
		this.byStudent.values().removeIf(Map::isEmpty);
	}

	@Override
	public void stop() {
		this.running = false;
		this.closeHooks.forEach(Runnable::run);
		KafkaConsumer<String, String> current = this.consumer;
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
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
