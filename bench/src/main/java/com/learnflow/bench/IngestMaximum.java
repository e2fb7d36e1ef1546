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
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import com.learnflow.localstack.LocalStack;

/**
 * Single-event ingest at maximum throughput, from {@link Wrk}: the bare-controller anchor
 * ({@code bench-anchor}, started here with the services' JVM options, on the same broker)
 * and each service, compared in the same conditions. The detector is stopped meanwhile,
 * so that none of the four competes with its work on the other's records. Each target
 * gets its first seconds of load (cold) and a warm-up that lasts until its throughput is
 * stable; then rounds, each of which measures every target in turn at 16 and at 64
 * connections, so that the machine's drift over the phase falls on all of them alike and
 * each ratio to the anchor is taken within one round. At the end the detector is started
 * again and, once it has caught up, the three services are loaded together, 64
 * connections each. Every 2xx answer must have its record on its topic (the topics' end
 * offsets before and after).
 */
final class IngestMaximum {

	/**
	 * The most connections: those of the cold run, the warm-up, the targets and the three
	 * services together.
	 */
	static final int MAX_CONNECTIONS = 64;

	/** The connection counts every target is measured at. */
	static final List<Integer> CONNECTIONS = List.of(16, MAX_CONNECTIONS);

	/** The events in each request of the batch runs. */
	static final int PER_BATCH = 100;

	/** The connections the batch targets are set at. */
	static final int BATCH_CONNECTIONS = 16;

	/** How long the restarted detector may take to work off the phase's records. */
	private static final Duration DETECTOR_CATCH_UP = Duration.ofMinutes(10);

	/**
	 * How long each part lasts.
	 *
	 * @param cold the first load after the target started (or first saw load)
	 * @param warmUpRun one run of the warm-up
	 * @param minWarmUpRuns runs before the throughput may count as stable
	 * @param maxWarmUpRuns runs after which the measurement starts anyway (reported as
	 * not stable)
	 * @param rounds how many times every target is measured at each connection count
	 * @param run each measured run
	 */
	record Settings(Duration cold, Duration warmUpRun, int minWarmUpRuns, int maxWarmUpRuns, int rounds, Duration run) {

		static final Settings FULL = new Settings(Duration.ofSeconds(20), Duration.ofSeconds(10), 6, 24, 3,
				Duration.ofSeconds(20));

		/**
		 * CI's: every part once, for a second, to prove that the phase runs and loses
		 * nothing.
		 */
		static final Settings QUICK = new Settings(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1, 1,
				Duration.ofSeconds(1));

	}

	/**
	 * One target, measured.
	 *
	 * @param name the anchor or the service
	 * @param topic the topic it wrote to
	 * @param cold its first seconds of load; {@code null} for the batch runs, which
	 * follow the single-event ones on the same service
	 * @param warmUpPerSecond the warm-up runs' rates
	 * @param stable whether the last three warm-up runs agreed within 5 %
	 * @param rounds for each entry of {@link #CONNECTIONS}, its run in each round
	 * @param eventsPerRequest 1, or the events of each batch
	 * @param accepted the events answered 2xx in all its runs
	 */
	record Measured(String name, String topic, Wrk.Run cold, List<Double> warmUpPerSecond, boolean stable,
			Map<Integer, List<Wrk.Run>> rounds, int eventsPerRequest, long accepted) {

		/** Its runs at this many connections, one per round. */
		List<Wrk.Run> runs(int connections) {
			return this.rounds.get(connections);
		}

		/** Its median run (by rate) at this many connections. */
		Wrk.Run at(int connections) {
			List<Wrk.Run> byRate = runs(connections).stream()
				.sorted(Comparator.comparingDouble(Wrk.Run::perSecond))
				.toList();
			return byRate.get(byRate.size() / 2);
		}

		/** The first seconds' rate against the warm one. */
		double coldVsWarm() {
			return (this.cold != null) ? this.cold.perSecond() / warmPerSecond() : Double.NaN;
		}

		/** The last warm-up runs' mean: the warm rate the cold one is compared with. */
		double warmPerSecond() {
			List<Double> last = this.warmUpPerSecond.subList(Math.max(0, this.warmUpPerSecond.size() - 3),
					this.warmUpPerSecond.size());
			return last.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
		}

	}

	/**
	 * What reached one topic during the single-target runs.
	 *
	 * @param topic the topic
	 * @param answered2xx the 2xx answers of every target that wrote to it
	 * @param recordsAdded by how much its end offsets grew meanwhile
	 */
	record Ledger(String topic, long answered2xx, long recordsAdded) {

		/**
		 * No 2xx answer without its record (records in flight when wrk stopped may add
		 * more).
		 */
		boolean lossless() {
			return this.recordsAdded >= this.answered2xx;
		}

	}

	/**
	 * Everything measured.
	 *
	 * @param anchor the bare controller, on the code executions' bodies
	 * @param services each service alone, on its own endpoint
	 * @param ledgers for each topic written, its answers and records
	 * @param detectorLag the detector's lag when the three services were loaded together
	 * @param together the three services at once, one wrk each with 64 connections
	 */
	record Result(Measured anchor, Map<Workload.Endpoint, Measured> services, List<Ledger> ledgers, double detectorLag,
			List<Wrk.Run> together) {

		double togetherPerSecond() {
			return this.together.stream().mapToDouble(Wrk.Run::perSecond).sum();
		}

		/**
		 * A service's rate against the anchor's, at the same number of connections: the
		 * median of the rounds' ratios.
		 */
		double vsAnchor(Workload.Endpoint endpoint, int connections) {
			return medianRatio(this.services.get(endpoint).runs(connections), this.anchor.runs(connections),
					Wrk.Run::perSecond);
		}

		/** A service's p99 against the anchor's: the median of the rounds' ratios. */
		double p99VsAnchor(Workload.Endpoint endpoint, int connections) {
			return medianRatio(this.services.get(endpoint).runs(connections), this.anchor.runs(connections),
					Wrk.Run::p99Ms);
		}

		boolean lossless() {
			return !this.ledgers.isEmpty() && this.ledgers.stream().allMatch(Ledger::lossless);
		}

	}

	/** The median over the rounds of {@code figure(runs[i]) / figure(anchors[i])}. */
	static double medianRatio(List<Wrk.Run> runs, List<Wrk.Run> anchors, ToDoubleFunction<Wrk.Run> figure) {
		double[] ratios = new double[Math.min(runs.size(), anchors.size())];
		for (int round = 0; round < ratios.length; round++) {
			ratios[round] = figure.applyAsDouble(runs.get(round)) / figure.applyAsDouble(anchors.get(round));
		}
		Arrays.sort(ratios);
		if (ratios.length == 0) {
			return Double.NaN;
		}
		int middle = ratios.length / 2;
		return (ratios.length % 2 == 1) ? ratios[middle] : (ratios[middle - 1] + ratios[middle]) / 2;
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

	/** Runs the single-event phase; the generated scripts are deleted at the end. */
	Result run() throws Exception {
		try {
			return measureAll();
		}
		finally {
			deleteScripts();
		}
	}

	private void deleteScripts() throws IOException {
		try (var scripts = Files.list(this.workDir)) {
			for (Path script : scripts.toList()) {
				Files.deleteIfExists(script);
			}
		}
		Files.deleteIfExists(this.workDir);
	}

	/**
	 * One target while it is measured: where it listens, the wrk script of its endpoint,
	 * and what it has measured so far.
	 */
	private static final class Tally {

		final String name;

		final Workload.Endpoint endpoint;

		final Wrk wrk;

		final int eventsPerRequest;

		Wrk.Run cold;

		final List<Double> warmUp = new ArrayList<>();

		boolean stable;

		final Map<Integer, List<Wrk.Run>> rounds = new LinkedHashMap<>();

		long accepted;

		Tally(String name, Workload.Endpoint endpoint, Wrk wrk) {
			this(name, endpoint, wrk, 1);
		}

		Tally(String name, Workload.Endpoint endpoint, Wrk wrk, int eventsPerRequest) {
			this.name = name;
			this.endpoint = endpoint;
			this.wrk = wrk;
			this.eventsPerRequest = eventsPerRequest;
			CONNECTIONS.forEach((connections) -> this.rounds.put(connections, new ArrayList<>()));
		}

		Wrk.Run run(int connections, Duration duration) throws IOException, InterruptedException {
			Wrk.Run run = this.wrk.run(connections, duration);
			this.accepted += run.accepted() * this.eventsPerRequest;
			return run;
		}

		/** A measured run, kept with the others at its connection count. */
		Wrk.Run measure(int connections, Duration duration) throws IOException, InterruptedException {
			Wrk.Run run = run(connections, duration);
			this.rounds.get(connections).add(run);
			return run;
		}

		Measured measured() {
			Map<Integer, List<Wrk.Run>> rounds = new LinkedHashMap<>();
			this.rounds.forEach((connections, runs) -> rounds.put(connections, List.copyOf(runs)));
			return new Measured(this.name, this.endpoint.topic, this.cold, List.copyOf(this.warmUp), this.stable,
					rounds, this.eventsPerRequest, this.accepted);
		}

	}

	private Result measureAll() throws Exception {
		Bench.log("maximum throughput: the detector is stopped until the single-target runs are done");
		SingleTargets single = this.stack.withDetectorStopped(System.err, this::measureEach);
		Bench.log("maximum throughput: waiting for the restarted detector to work off the phase's records");
		double lag = this.stack.awaitDetectorCaughtUp(DETECTOR_CATCH_UP);
		Bench.log("maximum throughput, the three services together, the detector running (lag " + lag + "), "
				+ this.settings.run().toSeconds() + " s");
		List<Wrk.Run> together = together();
		Map<Workload.Endpoint, Measured> measured = new EnumMap<>(Workload.Endpoint.class);
		single.services().forEach((endpoint, tally) -> measured.put(endpoint, tally.measured()));
		return new Result(single.anchor().measured(), measured, single.ledgers(), lag, together);
	}

	/**
	 * The anchor and each service alone: cold, warmed up, then measured in rounds.
	 */
	private SingleTargets measureEach() throws Exception {
		int port = freePort();
		Process anchorProcess = this.stack.startAnchor(port);
		try {
			awaitReady(port, anchorProcess);
			Tally anchor = new Tally("bare controller (bench-anchor)", Workload.Endpoint.CODE_EXECUTIONS,
					wrk(port, Workload.Endpoint.CODE_EXECUTIONS));
			Map<Workload.Endpoint, Tally> services = new EnumMap<>(Workload.Endpoint.class);
			for (Workload.Endpoint endpoint : Workload.Endpoint.values()) {
				services.put(endpoint, new Tally(endpoint.service, endpoint, wrk(endpoint.port, endpoint)));
			}
			List<Tally> targets = new ArrayList<>(List.of(anchor));
			targets.addAll(services.values());
			Map<String, Long> before = endOffsets(targets);
			for (Tally target : targets) {
				cold(target);
				warmUp(target, MAX_CONNECTIONS);
			}
			for (int round = 1; round <= this.settings.rounds(); round++) {
				for (Tally target : targets) {
					for (int connections : CONNECTIONS) {
						Wrk.Run run = target.measure(connections, this.settings.run());
						Bench.log("  round " + round + ", " + target.name + ": " + run.describe());
					}
				}
			}
			return new SingleTargets(anchor, services, ledgers(targets, before, endOffsets(targets)));
		}
		finally {
			anchorProcess.destroy();
			anchorProcess.waitFor(30, TimeUnit.SECONDS);
		}
	}

	/**
	 * The single-target runs.
	 *
	 * @param anchor the anchor's tally
	 * @param services each service's tally
	 * @param ledgers every target's answers and records, per topic
	 */
	private record SingleTargets(Tally anchor, Map<Workload.Endpoint, Tally> services, List<Ledger> ledgers) {
	}

	/**
	 * code-exec-service's batch endpoint at its most, with the detector stopped; its
	 * script is deleted at the end: a warm-up at {@value #BATCH_CONNECTIONS} connections
	 * until the rate is stable, then one run at 16 and one at 64. The bench runs it last:
	 * its millions of events would otherwise fill the backlog that the later phases need
	 * the detector to have worked off.
	 */
	Batch batch() throws Exception {
		Workload.Endpoint endpoint = Workload.Endpoint.CODE_EXECUTIONS;
		Files.createDirectories(this.workDir);
		Tally batch = new Tally(endpoint.service + ", batches of " + PER_BATCH, endpoint,
				Wrk.batches("http://127.0.0.1:" + endpoint.port, endpoint, this.token, PER_BATCH, this.workDir),
				PER_BATCH);
		Bench.log("batch ingest: the detector is stopped until the batch runs are done");
		// It works off the batch runs' events in the background once it is started again.
		return this.stack.withDetectorStopped(System.err, () -> {
			try {
				Map<String, Long> before = endOffsets(List.of(batch));
				Bench.log("batch ingest, " + batch.name + ": warm-up at " + BATCH_CONNECTIONS + " connections");
				warmUp(batch, BATCH_CONNECTIONS);
				for (int connections : CONNECTIONS) {
					Wrk.Run run = batch.measure(connections, this.settings.run());
					Bench.log("  " + batch.name + ": " + run.describe() + " (" + Math.round(run.perSecond() * PER_BATCH)
							+ " events/s)");
				}
				return new Batch(batch.measured(), ledgers(List.of(batch), before, endOffsets(List.of(batch))).get(0));
			}
			finally {
				deleteScripts();
			}
		});
	}

	/**
	 * The batch runs.
	 *
	 * @param measured what they measured
	 * @param ledger their answers and records on the topic
	 */
	record Batch(Measured measured, Ledger ledger) {
	}

	/** The target's first seconds of load. */
	private void cold(Tally target) throws Exception {
		Bench.log("maximum throughput, " + target.name + ": the first " + this.settings.cold().toSeconds()
				+ " s of load");
		target.cold = target.run(MAX_CONNECTIONS, this.settings.cold());
		Bench.log("  " + target.cold.describe());
	}

	/** The target's warm-up, until its rate is stable. */
	private void warmUp(Tally target, int connections) throws Exception {
		while (!target.stable && target.warmUp.size() < this.settings.maxWarmUpRuns()) {
			target.warmUp.add(target.run(connections, this.settings.warmUpRun()).perSecond());
			target.stable = target.warmUp.size() >= Math.max(3, this.settings.minWarmUpRuns()) && agree(target.warmUp);
		}
		Bench.log("  warm-up " + (target.stable ? "stable" : "not stable") + " after " + target.warmUp.size()
				+ " runs: " + target.warmUp);
	}

	private List<Wrk.Run> together() throws Exception {
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
			return together;
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** The sum of the end offsets of each topic the targets write to. */
	private Map<String, Long> endOffsets(List<Tally> targets) {
		Map<String, Long> offsets = new TreeMap<>();
		for (Tally target : targets) {
			offsets.computeIfAbsent(target.endpoint.topic,
					(topic) -> TopicReader.endOffsetSum(this.stack.bootstrap(), topic));
		}
		return offsets;
	}

	private static List<Ledger> ledgers(List<Tally> targets, Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> answered = new TreeMap<>();
		targets.forEach((target) -> answered.merge(target.endpoint.topic, target.accepted, Long::sum));
		return answered.entrySet()
			.stream()
			.map((e) -> new Ledger(e.getKey(), e.getValue(), after.get(e.getKey()) - before.get(e.getKey())))
			.toList();
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
