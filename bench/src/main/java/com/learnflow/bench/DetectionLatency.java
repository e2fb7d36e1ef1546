package com.learnflow.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.learnflow.events.TopicCatalog;

/**
 * End-to-end detection latency: from the 202 of the code execution that completes a
 * student's run of failures to the alert for that student being visible to a
 * {@code read_committed} consumer of {@code struggle.detected}, while the usual mix loads
 * the services at the same total rate.
 *
 * <p>
 * A tenth of the events are probes: fresh students who fail {@value #FAILURES} times in a
 * row through the ingest API, the detector's default threshold. Every probe must give
 * exactly one alert; a missing one is reported.
 */
final class DetectionLatency {

	/** The detector's default {@code learnflow.detection.repeated-errors.failures}. */
	static final int FAILURES = 3;

	private static final int PROBE_WORKERS = 4;

	/**
	 * One measurement.
	 *
	 * @param latencies from the completing 202 to the visible alert, in microseconds
	 * @param probes how many probe students completed their failures with 202s
	 * @param missing how many of them got no alert within the wait
	 * @param background the load that ran beside the probes
	 */
	record Result(Histogram latencies, int probes, int missing, LoadGenerator.Result background) {
	}

	private final String bootstrap;

	DetectionLatency(String bootstrap) {
		this.bootstrap = bootstrap;
	}

	/**
	 * Sends {@code rate} events/s for {@code duration}, a tenth of them probes and the
	 * rest the background's mix, and waits up to 30 s for the probes' alerts.
	 */
	Result measure(LoadGenerator background, int rate, int workers, Duration duration) throws Exception {
		Map<String, Long> completedAt = new ConcurrentHashMap<>();
		Map<String, Long> alertedAt = new ConcurrentHashMap<>();
		AtomicBoolean reading = new AtomicBoolean(true);
		ExecutorService reader = Executors.newSingleThreadExecutor();
		CompletableFuture<Void> alerts = readAlerts(reader, alertedAt, reading);
		int probesPerSecond = Math.max(1, rate / 10 / FAILURES);
		ExecutorService probers = Executors.newFixedThreadPool(PROBE_WORKERS);
		AtomicInteger failedProbes = new AtomicInteger();
		try {
			long start = System.nanoTime();
			long total = probesPerSecond * duration.toSeconds();
			long interval = TimeUnit.SECONDS.toNanos(1) / probesPerSecond;
			List<Future<?>> probing = new ArrayList<>();
			for (int worker = 0; worker < PROBE_WORKERS; worker++) {
				int first = worker;
				probing.add(probers.submit(() -> {
					for (long i = first; i < total; i += PROBE_WORKERS) {
						long wait = start + i * interval - System.nanoTime();
						if (wait > 0) {
							TimeUnit.NANOSECONDS.sleep(wait);
						}
						if (!probe(UUID.randomUUID(), completedAt)) {
							failedProbes.incrementAndGet();
						}
					}
					return null;
				}));
			}
			LoadGenerator.Result load = background.fixedRate(rate - probesPerSecond * FAILURES, workers, duration);
			for (Future<?> probe : probing) {
				probe.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
			}
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!alertedAt.keySet().containsAll(completedAt.keySet()) && System.nanoTime() < deadline) {
				TimeUnit.MILLISECONDS.sleep(100);
			}
			Histogram latencies = new Histogram(3);
			completedAt.forEach((student, completed) -> {
				Long alerted = alertedAt.get(student);
				if (alerted != null) {
					latencies.recordValue(Math.max(1, (alerted - completed) / 1000));
				}
			});
			if (failedProbes.get() > 0) {
				Bench.log("detection latency: " + failedProbes.get() + " probes were not answered 202 throughout");
			}
			return new Result(latencies, completedAt.size(),
					(int) completedAt.keySet().stream().filter((s) -> !alertedAt.containsKey(s)).count(), load);
		}
		finally {
			probers.shutdownNow();
			reading.set(false);
			alerts.get(30, TimeUnit.SECONDS);
			reader.shutdown();
		}
	}

	/**
	 * Fails {@link #FAILURES} times as the student, noting when the last failure was
	 * answered 202.
	 */
	private static boolean probe(UUID student, Map<String, Long> completedAt) {
		try {
			for (int i = 1; i <= FAILURES; i++) {
				KeepAliveHttp.Answer answer = LoadGenerator.post(Workload.Endpoint.CODE_EXECUTIONS,
						Workload.codeExecution(student, false).body());
				if (answer.status() != 202) {
					return false;
				}
			}
			completedAt.put(student.toString(), System.nanoTime());
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Notes when each alert becomes visible to a read_committed consumer, reading from
	 * the topic's current end.
	 */
	private CompletableFuture<Void> readAlerts(ExecutorService reader, Map<String, Long> alertedAt,
			AtomicBoolean reading) throws InterruptedException {
		CompletableFuture<Void> positioned = new CompletableFuture<>();
		CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
			Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap,
					ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
					10);
			String topic = TopicCatalog.STRUGGLE_DETECTED.name();
			try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
					new StringDeserializer())) {
				List<TopicPartition> partitions = TopicReader.assignAll(consumer, topic);
				consumer.seekToEnd(partitions);
				partitions.forEach(consumer::position);
				positioned.complete(null);
				while (reading.get()) {
					consumer.poll(Duration.ofMillis(50)).forEach((record) -> {
						long now = System.nanoTime();
						// An alert is keyed by its student; an alert for a probe can only
						// follow its third 202.
						alertedAt.putIfAbsent(record.key(), now);
					});
				}
			}
			catch (RuntimeException ex) {
				positioned.completeExceptionally(ex);
				throw ex;
			}
		}, reader);
		try {
			positioned.get(60, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("could not read " + TopicCatalog.STRUGGLE_DETECTED.name(), ex);
		}
		return done;
	}

}
