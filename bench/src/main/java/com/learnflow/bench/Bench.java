package com.learnflow.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import com.learnflow.localstack.LocalStack;
import com.learnflow.localstack.StackService;

/**
 * {@code ./learnflow bench}: on the running local stack, Kafka's own tools as the
 * baseline; single-event ingest at maximum throughput from wrk, each service beside a
 * bare controller and all three together ({@link IngestMaximum}), and at fixed rates from
 * the Java load generator, with its own CPU; the end-to-end detection latency; the
 * no-loss check; each process's start-up time and peak memory; and a replay of the input
 * backlog by a fresh detector beside ConsumerPerformance on the same backlog. Writes a
 * markdown table, a JSON file and a latency plot; exits non-zero when an event answered
 * with 202 is missing or duplicated, or when the replay fails.
 *
 * <p>
 * Usage: {@code Bench [--quick] [--out DIR]}; {@code KAFKA_BOOTSTRAP_SERVERS}, the
 * service port variables and {@code LEARNFLOW_HOME} are those of {@code ./learnflow}.
 */
public final class Bench {

	private Bench() {
	}

	/** How much load; the quick profile is CI's short run. */
	record Profile(String name, int baselineRecords, IngestMaximum.Settings maximum, Duration warmUp,
			List<Integer> fixedRates, Duration fixedDuration, int fixedWorkers, int detectionRate,
			Duration detectionDuration, long replayBacklog) {

		static final Profile FULL = new Profile("full", 500_000, IngestMaximum.Settings.FULL, Duration.ofSeconds(20),
				List.of(1000, 5000), Duration.ofSeconds(15), 64, 1000, Duration.ofSeconds(20), 1_000_000);

		/**
		 * CI's: no replay, which costs a fresh detector's start and a ConsumerPerformance
		 * run for nothing CI asserts; the detector's own tests replay a backlog and
		 * compare the alerts.
		 */
		static final Profile QUICK = new Profile("quick", 20_000, IngestMaximum.Settings.QUICK, Duration.ofSeconds(2),
				List.of(200), Duration.ofSeconds(3), 8, 200, Duration.ofSeconds(3), 0);

		boolean replays() {
			return this.replayBacklog > 0;
		}

	}

	/**
	 * A fixed-rate run of the Java load generator, with the CPU it used itself.
	 *
	 * @param result what it measured
	 * @param generatorCores the load generator's (this JVM's) CPU over the run, as a
	 * share of one core
	 */
	record FixedRate(LoadGenerator.Result result, double generatorCores) {
	}

	/** Everything one run measured. */
	record Results(Profile profile, Baseline.Numbers baseline, IngestMaximum.Result maximum,
			Map<Integer, FixedRate> fixed, DetectionLatency.Result detection, List<NoLossCheck.Outcome> noLoss,
			Map<String, Resources.Usage> resources, DetectorReplay.Result replay, IngestMaximum.Batch batch) {

		boolean lossless() {
			return this.maximum.lossless() && this.batch.ledger().lossless() && !this.noLoss.isEmpty()
					&& this.noLoss.stream().allMatch(NoLossCheck.Outcome::passed);
		}

	}

	public static void main(String[] args) throws Exception {
		List<String> arguments = List.of(args);
		Profile profile = arguments.contains("--quick") ? Profile.QUICK : Profile.FULL;
		Path out = Path
			.of(arguments.contains("--out") ? arguments.get(arguments.indexOf("--out") + 1) : "bench/results");
		Files.createDirectories(out);
		LocalStack stack = LocalStack.fromEnvironment();
		String bootstrap = stack.bootstrap();
		if (arguments.contains("--replay-only")) {
			// The replay alone, for working on the detector: the same measurement as the
			// full run's last phase.
			long backlog = Profile.FULL.replayBacklog();
			log("detector replay of at least " + backlog + " events");
			DetectorReplay.Result replay = new DetectorReplay(bootstrap, stack).run(backlog);
			System.out.println(DetectorReplay.describe(replay));
			System.exit(0);
		}
		if (arguments.contains("--batch-only")) {
			// The batch runs alone, against ProducerPerformance in the same run: the same
			// measurement as the full run's last phase.
			log("baseline: ProducerPerformance and ConsumerPerformance, " + profile.baselineRecords() + " records");
			Baseline.Numbers baseline = new Baseline(bootstrap).run(profile.baselineRecords());
			IngestMaximum.Batch batch = new IngestMaximum(stack, profile.maximum(), KeepAliveHttp.TOKEN).batch();
			StringBuilder md = new StringBuilder();
			Markdown.appendBatch(md, batch, baseline);
			System.out.println(md);
			System.exit(batch.ledger().lossless() ? 0 : 1);
		}
		if (arguments.contains("--detection-only")) {
			System.out.println(detectionOnly(stack, bootstrap, profile));
			System.exit(0);
		}
		List<LoadGenerator> generators = new ArrayList<>();
		// Where the input topics end now: the no-loss check reads only what this run
		// added.
		Map<String, Map<TopicPartition, Long>> startOffsets = new LinkedHashMap<>();
		for (Workload.Endpoint endpoint : Workload.Endpoint.values()) {
			startOffsets.put(endpoint.topic, TopicReader.endOffsets(bootstrap, endpoint.topic));
		}

		log("baseline: ProducerPerformance and ConsumerPerformance, " + profile.baselineRecords() + " records");
		Baseline.Numbers baseline = new Baseline(bootstrap).run(profile.baselineRecords());

		// Maximum throughput from wrk, so that the figures are the services' and not a
		// Java load generator's: the
		// services first see load here, which gives the cold figures.
		IngestMaximum ingestMaximum = new IngestMaximum(stack, profile.maximum(), KeepAliveHttp.TOKEN);
		IngestMaximum.Result maximum = ingestMaximum.run();

		LoadGenerator mix = new LoadGenerator(new Workload(1000));
		generators.add(mix);
		Map<Integer, FixedRate> fixed = new LinkedHashMap<>();
		for (int rate : profile.fixedRates()) {
			log("fixed rate " + rate + "/s for " + profile.fixedDuration());
			double cpuBefore = Resources.ownCpuSeconds();
			long started = System.nanoTime();
			LoadGenerator.Result result = mix.fixedRate(rate, profile.fixedWorkers(), profile.fixedDuration());
			double seconds = (System.nanoTime() - started) / 1e9;
			fixed.put(rate, new FixedRate(result, (Resources.ownCpuSeconds() - cpuBefore) / seconds));
		}
		// The detector first works off what the earlier phases sent, so that the latency
		// is that of a detector
		// keeping up with the rate, not of the backlog before it.
		log("waiting for the detector to catch up with the earlier phases");
		long catchUp = System.nanoTime();
		double lag = stack.awaitDetectorCaughtUp(Duration.ofMinutes(5));
		log("detector lag " + lag + " after " + (System.nanoTime() - catchUp) / 1_000_000_000 + " s");
		log("end-to-end detection latency at " + profile.detectionRate() + " events/s for "
				+ profile.detectionDuration());
		LoadGenerator detectionLoad = new LoadGenerator(new Workload(1000));
		generators.add(detectionLoad);
		DetectionLatency.Result detection = new DetectionLatency(bootstrap).measure(detectionLoad,
				profile.detectionRate(), profile.fixedWorkers(), profile.detectionDuration());

		log("no-loss check");
		Map<String, Set<String>> accepted = new TreeMap<>();
		generators.forEach((generator) -> generator.accepted()
			.forEach((topic, ids) -> accepted.computeIfAbsent(topic, (t) -> new HashSet<>()).addAll(ids)));
		List<NoLossCheck.Outcome> noLoss = new ArrayList<>();
		for (Map.Entry<String, Set<String>> topic : accepted.entrySet()) {
			noLoss.add(NoLossCheck.check(bootstrap, topic.getKey(), topic.getValue(),
					startOffsets.getOrDefault(topic.getKey(), Map.of())));
		}
		Map<String, Resources.Usage> resources = Resources.read(stack.home());

		DetectorReplay.Result replay = DetectorReplay.Result.notRun();
		if (profile.replays()) {
			log("detector replay of at least " + profile.replayBacklog() + " events");
			try {
				replay = new DetectorReplay(bootstrap, stack).run(profile.replayBacklog());
			}
			catch (Exception ex) {
				// Everything measured before still gets written; the replay shows as
				// failed.
				log("the detector replay failed: " + ex);
				replay = DetectorReplay.Result.failed(ex.toString());
			}
		}

		// Last: the batch runs write millions of events, which the detector then works
		// off in the background.
		IngestMaximum.Batch batch = ingestMaximum.batch();

		Results results = new Results(profile, baseline, maximum, fixed, detection, noLoss, resources, replay, batch);
		Map<String, Object> report = report(results);
		Files.writeString(out.resolve("latest.json"),
				JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(report));
		Map<String, Histogram> curves = new LinkedHashMap<>();
		fixed.forEach((rate, run) -> curves.put("ingest, fixed " + rate + "/s, all endpoints", run.result().all()));
		curves.put("detection end to end, " + profile.detectionRate() + " events/s", detection.latencies());
		try {
			LatencyPlot.write(out.resolve("latest-latency.png"),
					"LearnFlow Events latency by percentile (" + profile.name() + " run, " + report.get("date") + ")",
					curves);
		}
		catch (java.io.IOException ex) {
			log("no latency plot: " + ex.getMessage());
		}
		String markdown = Markdown.of(report, results);
		Files.writeString(out.resolve("latest.md"), markdown);
		System.out.println(markdown);
		System.exit((results.lossless() && replay.failure() == null) ? 0 : 1);
	}

	/**
	 * The end-to-end detection phase alone, after the detector has caught up: its
	 * latency, and the CPU that the load generator (this JVM) and the detector each used
	 * meanwhile, as shares of one core.
	 */
	private static String detectionOnly(LocalStack stack, String bootstrap, Profile profile) throws Exception {
		log("waiting for the detector to catch up");
		stack.awaitDetectorCaughtUp(Duration.ofMinutes(5));
		LoadGenerator load = new LoadGenerator(new Workload(1000));
		log("warm-up: " + profile.warmUp() + " at " + profile.detectionRate() + " events/s");
		load.fixedRate(profile.detectionRate(), profile.fixedWorkers(), profile.warmUp());
		log("end-to-end detection latency at " + profile.detectionRate() + " events/s for "
				+ profile.detectionDuration());
		long detector = stack.pid(StackService.STRUGGLE_DETECTOR.serviceName());
		double detectorBefore = Resources.cpuSeconds(detector);
		double generatorBefore = Resources.ownCpuSeconds();
		long started = System.nanoTime();
		DetectionLatency.Result detection = new DetectionLatency(bootstrap).measure(load, profile.detectionRate(),
				profile.fixedWorkers(), profile.detectionDuration());
		double seconds = (System.nanoTime() - started) / 1e9;
		Histogram h = detection.latencies();
		return String.format(java.util.Locale.ROOT, "end-to-end detection at %d events/s: %d probes, %d without"
				+ " alert; p50 %.1f ms, p99 %.1f ms, max %.1f ms; over %.0f s the load generator used %.2f of a core,"
				+ " the detector %.2f", profile.detectionRate(), detection.probes(), detection.missing(),
				h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
				seconds, (Resources.ownCpuSeconds() - generatorBefore) / seconds,
				(Resources.cpuSeconds(detector) - detectorBefore) / seconds);
	}

	private static Map<String, Object> report(Results results) {
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("date", Instant.now().toString());
		report.put("profile", results.profile());
		report.put("machine",
				Map.of("cores", Runtime.getRuntime().availableProcessors(), "memory_mb",
						((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
							.getTotalMemorySize() / (1024 * 1024),
						"jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
						"service_jvm_options", String.join(" ", LocalStack.SERVICE_JVM_OPTIONS)));
		Baseline.Numbers baseline = results.baseline();
		report.put("baseline", baseline);
		report.put("maximum_single_event", maximum(results.maximum(), baseline));
		report.put("maximum_batch", batch(results.batch()));
		Map<String, Object> rates = new LinkedHashMap<>();
		results.fixed().forEach((rate, run) -> {
			Map<String, Object> fixedRate = summary(run.result());
			fixedRate.put("load_generator_cores", run.generatorCores());
			rates.put(Integer.toString(rate), fixedRate);
		});
		report.put("fixed_rate", rates);
		DetectionLatency.Result detection = results.detection();
		Map<String, Object> endToEnd = new LinkedHashMap<>(percentiles(detection.latencies()));
		endToEnd.put("rate_per_second", results.profile().detectionRate());
		endToEnd.put("probes", detection.probes());
		endToEnd.put("probes_without_alert", detection.missing());
		endToEnd.put("background", summary(detection.background()));
		report.put("detection_end_to_end_ms", endToEnd);
		report.put("no_loss", results.noLoss());
		report.put("resources", results.resources());
		DetectorReplay.Result replay = results.replay();
		Map<String, Object> replayed = new LinkedHashMap<>();
		replayed.put("backlog", replay.backlog());
		replayed.put("added_by_this_run", replay.added());
		replayed.put("events_per_second", replay.eventsPerSecond());
		replayed.put("seconds_from_start_to_caught_up", replay.secondsToCaughtUp());
		replayed.put("peak_rss_mb", replay.peakRssMb());
		replayed.put("records_written", replay.recordsWritten());
		replayed.put("records_written_per_input", replay.writtenPerInput());
		replayed.put("consumer_performance_per_second", replay.consumerPerformance().perSecond());
		replayed.put("vs_consumer_performance", replay.ratio());
		replayed.put("write_ceiling_vs_consumer_performance",
				replay.writeCeilingRatio(results.baseline().recordsPerSecond()));
		replayed.put("failure", replay.failure());
		report.put("detector_replay", replayed);
		report.put("targets", Target.all(results));
		return report;
	}

	private static Map<String, Object> maximum(IngestMaximum.Result maximum, Baseline.Numbers baseline) {
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("load_tool", "wrk -t1, one event per request, keep-alive, the bench's bearer token");
		section.put("anchor", measured(maximum.anchor()));
		Map<String, Object> services = new LinkedHashMap<>();
		maximum.services().forEach((endpoint, measured) -> {
			Map<String, Object> service = measured(measured);
			Map<String, Object> vsAnchor = new LinkedHashMap<>();
			Map<String, Object> p99VsAnchor = new LinkedHashMap<>();
			for (int connections : IngestMaximum.CONNECTIONS) {
				vsAnchor.put(Integer.toString(connections), maximum.vsAnchor(endpoint, connections));
				p99VsAnchor.put(Integer.toString(connections), maximum.p99VsAnchor(endpoint, connections));
			}
			service.put("vs_anchor_median_of_rounds", vsAnchor);
			service.put("p99_vs_anchor_median_of_rounds", p99VsAnchor);
			service.put("vs_producer_performance",
					measured.at(IngestMaximum.MAX_CONNECTIONS).perSecond() / baseline.recordsPerSecond());
			services.put(endpoint.service, service);
		});
		section.put("services", services);
		section.put("records_by_topic", maximum.ledgers());
		Map<String, Object> together = new LinkedHashMap<>();
		together.put("detector_lag_at_start", maximum.detectorLag());
		together.put("per_second", maximum.togetherPerSecond());
		together.put("runs", maximum.together());
		together.put("vs_producer_performance", maximum.togetherPerSecond() / baseline.recordsPerSecond());
		section.put("three_services_together", together);
		return section;
	}

	private static Map<String, Object> batch(IngestMaximum.Batch batch) {
		Map<String, Object> section = measured(batch.measured());
		section.put("events_per_request", batch.measured().eventsPerRequest());
		Map<String, Object> events = new LinkedHashMap<>();
		for (int connections : IngestMaximum.CONNECTIONS) {
			events.put(Integer.toString(connections),
					batch.measured().at(connections).perSecond() * batch.measured().eventsPerRequest());
		}
		section.put("events_per_second", events);
		section.put("records", batch.ledger());
		return section;
	}

	private static Map<String, Object> measured(IngestMaximum.Measured measured) {
		Map<String, Object> target = new LinkedHashMap<>();
		target.put("name", measured.name());
		target.put("topic", measured.topic());
		if (measured.cold() != null) {
			target.put("cold", measured.cold());
			target.put("cold_vs_warm", measured.coldVsWarm());
		}
		target.put("warm_up_per_second", measured.warmUpPerSecond());
		target.put("warm_up_stable", measured.stable());
		Map<String, Object> rounds = new LinkedHashMap<>();
		measured.rounds().forEach((connections, runs) -> rounds.put(Integer.toString(connections), runs));
		target.put("rounds", rounds);
		target.put("answered_2xx", measured.accepted());
		return target;
	}

	static Map<String, Object> summary(LoadGenerator.Result result) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("seconds", result.seconds());
		summary.put("accepted_per_second", result.acceptedPerSecond());
		summary.put("statuses", result.statuses());
		Map<String, Object> endpoints = new LinkedHashMap<>();
		result.latencies().forEach((endpoint, histogram) -> endpoints.put(endpoint.path, percentiles(histogram)));
		summary.put("latency_ms", endpoints);
		return summary;
	}

	static Map<String, Object> percentiles(Histogram histogram) {
		Map<String, Object> percentiles = new LinkedHashMap<>();
		percentiles.put("requests", histogram.getTotalCount());
		percentiles.put("p50", histogram.getValueAtPercentile(50) / 1000.0);
		percentiles.put("p99", histogram.getValueAtPercentile(99) / 1000.0);
		percentiles.put("p99.9", histogram.getValueAtPercentile(99.9) / 1000.0);
		percentiles.put("max", histogram.getMaxValue() / 1000.0);
		return percentiles;
	}

	static void log(String message) {
		System.err.println("bench: " + message);
	}

}
