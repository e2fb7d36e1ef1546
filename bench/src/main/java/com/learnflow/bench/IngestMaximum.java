package com.learnflow.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.learnflow.localstack.LocalStack;

/**
 * Single-event ingest at maximum throughput, from {@link Wrk}: first the bare-controller
 * anchor ({@code bench-anchor}, started here with the services' JVM options, on the same
 * broker), then each service, one at a time. Each gets its first seconds of load (cold),
 * a warm-up that lasts until throughput is stable, then one run at 16 and one at 64
 * connections; at the end the three services are loaded together, 64 connections each.
 * Every 2xx answer must have its record on the topic (the topic's end offsets before and
 * after each target).
 */
final class IngestMaximum {

	/**
	 * The most connections: those of the cold run, the warm-up, the targets and the three
	 * services together.
	 */
	static final int MAX_CONNECTIONS = 64;

	/** The connection counts every target is measured at. */
	static final List<Integer> CONNECTIONS = List.of(16, MAX_CONNECTIONS);

	/**
	 * How long each part lasts.
	 *
	 * @param cold the first load after the target started (or first saw load)
	 * @param warmUpRun one run of the warm-up
	 * @param minWarmUpRuns runs before the throughput may count as stable
	 * @param maxWarmUpRuns runs after which the measurement starts anyway (reported as
	 * not stable)
	 * @param run each measured run
	 */
	record Settings(Duration cold, Duration warmUpRun, int minWarmUpRuns, int maxWarmUpRuns, Duration run) {

		static final Settings FULL = new Settings(Duration.ofSeconds(20), Duration.ofSeconds(10), 6, 24,
				Duration.ofSeconds(30));

		/**
		 * CI's: every part once, for a second, to prove that the phase runs and loses
		 * nothing.
		 */
		static final Settings QUICK = new Settings(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1,
				Duration.ofSeconds(1));

	}

	/**
	 * One target, measured.
	 *
	 * @param name the anchor or the service
	 * @param topic the topic it wrote to
	 * @param cold its first seconds of load
	 * @param warmUpPerSecond the warm-up runs' rates
	 * @param stable whether the last three warm-up runs agreed within 5 %
	 * @param runs one run per entry of {@link #CONNECTIONS}
	 * @param accepted the 2xx answers of all its runs
	 * @param recordsAdded by how much the topic's end offsets grew meanwhile
	 */
	record Measured(String name, String topic, Wrk.Run cold, List<Double> warmUpPerSecond, boolean stable,
			List<Wrk.Run> runs, long accepted, long recordsAdded) {

		/**
		 * No 2xx answer without its record (records in flight when wrk stopped may add
		 * more).
		 */
		boolean lossless() {
			return this.recordsAdded >= this.accepted;
		}

		Wrk.Run at(int connections) {
			return this.runs.get(CONNECTIONS.indexOf(connections));
		}

		/** The first seconds' rate against the warm one. */
		double coldVsWarm() {
			return this.cold.perSecond() / warmPerSecond();
		}

		/** The last warm-up runs' mean: the warm rate the cold one is compared with. */
		double warmPerSecond() {
			List<Double> last = this.warmUpPerSecond.subList(Math.max(0, this.warmUpPerSecond.size() - 3),
					this.warmUpPerSecond.size());
			return last.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
		}

	}

	/**
	 * Everything measured.
	 *
	 * @param anchor the bare controller, on the code executions' bodies
	 * @param services each service alone, on its own endpoint
	 * @param together the three services at once, one wrk each with 64 connections
	 */
	record Result(Measured anchor, Map<Workload.Endpoint, Measured> services, List<Wrk.Run> together) {

		double togetherPerSecond() {
			return this.together.stream().mapToDouble(Wrk.Run::perSecond).sum();
		}

		/** A service's rate against the anchor's, at the same number of connections. */
		double vsAnchor(Workload.Endpoint endpoint, int connections) {
			return this.services.get(endpoint).at(connections).perSecond() / this.anchor.at(connections).perSecond();
		}

		boolean lossless() {
			return this.anchor.lossless() && this.services.values().stream().allMatch(Measured::lossless);
		}

	}

	private final LocalStack stack;

	private final Settings settings;

	private final String token;

	private final Path workDir;

	IngestMaximum(LocalStack stack, Settings settings, String token) throws IOException {
		this.stack = stack;
		this.settings = settings;
		this.token = token;
		this.workDir = Files.createTempDirectory("bench-wrk");
	}

	/** Runs the phase; the generated scripts are deleted at the end. */
	Result run() throws Exception {
		try {
			return measureAll();
		}
		finally {
			try (var scripts = Files.list(this.workDir)) {
				for (Path script : scripts.toList()) {
					Files.deleteIfExists(script);
				}
			}
			Files.deleteIfExists(this.workDir);
		}
	}

	private Result measureAll() throws Exception {
		Measured anchor;
		int port = freePort();
		Process anchorProcess = this.stack.startAnchor(port);
		try {
			awaitReady(port, anchorProcess);
			anchor = measure("bare controller (bench-anchor)", port, Workload.Endpoint.CODE_EXECUTIONS);
		}
		finally {
			anchorProcess.destroy();
			anchorProcess.waitFor(30, TimeUnit.SECONDS);
		}
		Map<Workload.Endpoint, Measured> services = new EnumMap<>(Workload.Endpoint.class);
		for (Workload.Endpoint endpoint : Workload.Endpoint.values()) {
			services.put(endpoint, measure(endpoint.service, endpoint.port, endpoint));
		}
		Bench.log("maximum throughput, the three services together, " + this.settings.run().toSeconds() + " s");
		ExecutorService pool = Executors.newFixedThreadPool(Workload.Endpoint.values().length);
		try {
			List<Future<Wrk.Run>> runs = new ArrayList<>();
			for (Workload.Endpoint endpoint : Workload.Endpoint.values()) {
				Wrk wrk = wrk(endpoint.port, endpoint);
				runs.add(pool.submit(() -> wrk.run(MAX_CONNECTIONS, this.settings.run())));
			}
			List<Wrk.Run> together = new ArrayList<>();
			for (Future<Wrk.Run> run : runs) {
				together.add(run.get());
			}
			Bench.log("  " + Wrk.describe(together));
			return new Result(anchor, services, together);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private Measured measure(String name, int port, Workload.Endpoint endpoint) throws Exception {
		Wrk wrk = wrk(port, endpoint);
		String bootstrap = this.stack.bootstrap();
		long recordsBefore = TopicReader.endOffsetSum(bootstrap, endpoint.topic);
		Bench.log("maximum throughput, " + name + ": the first " + this.settings.cold().toSeconds() + " s of load");
		Wrk.Run cold = wrk.run(MAX_CONNECTIONS, this.settings.cold());
		Bench.log("  " + cold.describe());
		long accepted = cold.accepted();
		List<Double> warmUp = new ArrayList<>();
		boolean stable = false;
		while (!stable && warmUp.size() < this.settings.maxWarmUpRuns()) {
			Wrk.Run run = wrk.run(MAX_CONNECTIONS, this.settings.warmUpRun());
			accepted += run.accepted();
			warmUp.add(run.perSecond());
			stable = warmUp.size() >= Math.max(3, this.settings.minWarmUpRuns()) && agree(warmUp);
		}
		Bench.log("  warm-up " + (stable ? "stable" : "not stable") + " after " + warmUp.size() + " runs: " + warmUp);
		List<Wrk.Run> runs = new ArrayList<>();
		for (int connections : CONNECTIONS) {
			Wrk.Run run = wrk.run(connections, this.settings.run());
			Bench.log("  " + run.describe());
			accepted += run.accepted();
			runs.add(run);
		}
		long recordsAdded = TopicReader.endOffsetSum(bootstrap, endpoint.topic) - recordsBefore;
		return new Measured(name, endpoint.topic, cold, warmUp, stable, runs, accepted, recordsAdded);
	}

	/** Whether the last three rates lie within 5 % of each other. */
	static boolean agree(List<Double> rates) {
		List<Double> last = rates.subList(rates.size() - 3, rates.size());
		double low = last.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
		double high = last.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
		return low > 0 && (high - low) / low < 0.05;
	}

	private Wrk wrk(int port, Workload.Endpoint endpoint) throws IOException {
		return new Wrk("http://127.0.0.1:" + port, endpoint, this.token, this.workDir);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void awaitReady(int port, Process process) throws InterruptedException {
		HttpClient client = HttpClient.newHttpClient();
		HttpRequest readiness = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline && process.isAlive()) {
			try {
				if (client.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			TimeUnit.MILLISECONDS.sleep(200);
		}
		throw new IllegalStateException("bench-anchor did not get ready on port " + port);
	}

}
