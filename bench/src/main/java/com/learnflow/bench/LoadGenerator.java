package com.learnflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives the ingest services as the frontend does: many keep-alive HTTP clients sending
 * the {@link Workload} mix, either as fast as answers come back (maximum throughput,
 * {@code concurrency} clients) or at a fixed rate.
 *
 * <p>
 * At a fixed rate each request has an intended start time, and its latency is measured
 * from that time, not from when it was actually sent: a stall of the service then shows
 * as the latency every delayed request saw, instead of being hidden (coordinated
 * omission).
 */
final class LoadGenerator {

	private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([0-9a-f-]{36})\"");

	private final Workload workload;

	/** The event ids answered with 202, by topic, for the no-loss check. */
	private final Map<String, Set<String>> accepted = new ConcurrentHashMap<>();

	/**
	 * How long requests that were not accepted took (microseconds), for the bound on a
	 * 503.
	 */
	private final Recorder failures = new Recorder(3);

	/**
	 * When the latest request that was not accepted ended ({@code System.nanoTime()}), or
	 * 0.
	 */
	private final AtomicLong lastFailure = new AtomicLong();

	LoadGenerator(Workload workload) {
		this.workload = workload;
	}

	Map<String, Set<String>> accepted() {
		return this.accepted;
	}

	/**
	 * The latencies of the requests that were not accepted since the last call, in
	 * microseconds.
	 */
	Histogram failureLatencies() {
		return this.failures.getIntervalHistogram();
	}

	long lastFailureNanos() {
		return this.lastFailure.get();
	}

	/**
	 * As fast as the services answer, with {@code concurrency} clients, for
	 * {@code duration}.
	 */
	Result maximum(int concurrency, Duration duration) throws InterruptedException {
		long end = System.nanoTime() + duration.toNanos();
		return run(concurrency, (worker, recorders, counts) -> {
			while (System.nanoTime() < end) {
				send(this.workload.next(), System.nanoTime(), recorders, counts);
			}
		}, duration);
	}

	/**
	 * At {@code rate} requests per second, spread over {@code workers} clients, for
	 * {@code duration}.
	 */
	Result fixedRate(int rate, int workers, Duration duration) throws InterruptedException {
		long start = System.nanoTime();
		long intervalPerWorker = TimeUnit.SECONDS.toNanos(1) * workers / rate;
		long total = rate * duration.toSeconds();
		return run(workers, (worker, recorders, counts) -> {
			for (long i = worker; i < total; i += workers) {
				long intended = start + (i / workers) * intervalPerWorker + worker * (intervalPerWorker / workers);
				long wait = intended - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				send(this.workload.next(), intended, recorders, counts);
			}
		}, duration);
	}

	private void send(Workload.Request request, long measuredFrom, Map<Workload.Endpoint, Recorder> recorders,
			Map<String, AtomicLong> counts) throws InterruptedException {
		Workload.Endpoint endpoint = request.endpoint();
		try {
			KeepAliveHttp.Answer answer = post(endpoint, request.body());
			int status = answer.status();
			long micros = Math.max(1, (System.nanoTime() - measuredFrom) / 1000);
			recorders.get(endpoint).recordValue(micros);
			counts.computeIfAbsent(Integer.toString(status), (s) -> new AtomicLong()).incrementAndGet();
			if (status == 202) {
				eventId(answer).ifPresent(
						(id) -> this.accepted.computeIfAbsent(endpoint.topic, (t) -> ConcurrentHashMap.newKeySet())
							.add(id));
			}
			else {
				this.failures.recordValue(micros);
				this.lastFailure.accumulateAndGet(System.nanoTime(), Math::max);
			}
		}
		catch (IOException ex) {
			counts.computeIfAbsent("io-error", (s) -> new AtomicLong()).incrementAndGet();
			this.failures.recordValue(Math.max(1, (System.nanoTime() - measuredFrom) / 1000));
			this.lastFailure.accumulateAndGet(System.nanoTime(), Math::max);
		}
	}

	/**
	 * Posts one JSON body to an ingest endpoint on the loopback and reads the whole
	 * answer.
	 */
	static KeepAliveHttp.Answer post(Workload.Endpoint endpoint, String json) throws IOException {
		return KeepAliveHttp.post(endpoint.port, endpoint.path, json.getBytes(StandardCharsets.UTF_8));
	}

	/** The event id of a 202 answer. */
	static Optional<String> eventId(KeepAliveHttp.Answer answer) {
		Matcher id = EVENT_ID.matcher(answer.body());
		return (answer.status() == 202 && id.find()) ? Optional.of(id.group(1)) : Optional.empty();
	}

	private Result run(int workers, Worker body, Duration duration) throws InterruptedException {
		Map<Workload.Endpoint, Recorder> recorders = new EnumMap<>(Workload.Endpoint.class);
		for (Workload.Endpoint endpoint : Workload.Endpoint.values()) {
			recorders.put(endpoint, new Recorder(3));
		}
		Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
		ExecutorService pool = Executors.newFixedThreadPool(workers);
		long start = System.nanoTime();
		List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
		for (int worker = 0; worker < workers; worker++) {
			int id = worker;
			futures.add(pool.submit(() -> {
				body.run(id, recorders, counts);
				return null;
			}));
		}
		pool.shutdown();
		if (!pool.awaitTermination(duration.toSeconds() + 120, TimeUnit.SECONDS)) {
			pool.shutdownNow();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		Map<Workload.Endpoint, Histogram> latencies = new EnumMap<>(Workload.Endpoint.class);
		recorders.forEach((endpoint, recorder) -> latencies.put(endpoint, recorder.getIntervalHistogram()));
		Map<String, Long> statuses = new java.util.TreeMap<>();
		counts.forEach((status, count) -> statuses.put(status, count.get()));
		return new Result(seconds, latencies, statuses);
	}

	@FunctionalInterface
	private interface Worker {

		void run(int worker, Map<Workload.Endpoint, Recorder> recorders, Map<String, AtomicLong> counts)
				throws Exception;

	}

	/**
	 * One run: how long it took, the latency per endpoint (microseconds), and the answers
	 * by status.
	 *
	 * @param seconds the run's duration
	 * @param latencies latency histograms per endpoint, in microseconds
	 * @param statuses answers by HTTP status (or {@code io-error})
	 */
	record Result(double seconds, Map<Workload.Endpoint, Histogram> latencies, Map<String, Long> statuses) {

		long accepted() {
			return this.statuses.getOrDefault("202", 0L);
		}

		long accepted(Workload.Endpoint endpoint) {
			return this.latencies.get(endpoint).getTotalCount();
		}

		double acceptedPerSecond() {
			return accepted() / this.seconds;
		}

		/** The latencies of all endpoints in one histogram. */
		Histogram all() {
			Histogram all = new Histogram(3);
			this.latencies.values().forEach(all::add);
			return all;
		}

	}

}
