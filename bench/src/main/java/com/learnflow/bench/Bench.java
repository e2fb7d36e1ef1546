package com.learnflow.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.HdrHistogram.Histogram;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./learnflow bench}: on the running local stack, Kafka's own tools as the baseline, the ingest services at
 * maximum throughput (repeated; the median is reported) and at fixed rates, the no-loss check, and each process's
 * start-up time and peak memory. Writes a markdown table and a JSON file; exits non-zero when an event answered
 * with 202 is missing or duplicated.
 *
 * <p>Usage: {@code Bench [--quick] [--out DIR]}; {@code KAFKA_BOOTSTRAP_SERVERS}, the service port variables and
 * {@code LEARNFLOW_HOME} are those of {@code ./learnflow}.
 */
public final class Bench {

	private Bench() {
	}

	/** How much load; the quick profile is CI's short run. */
	record Profile(String name, int baselineRecords, int maxRuns, Duration maxDuration, int concurrency,
			List<Integer> fixedRates, Duration fixedDuration, int fixedWorkers) {

		static final Profile FULL = new Profile("full", 500_000, 3, Duration.ofSeconds(15), 64, List.of(1000, 5000),
				Duration.ofSeconds(15), 64);

		static final Profile QUICK = new Profile("quick", 20_000, 1, Duration.ofSeconds(3), 16, List.of(200),
				Duration.ofSeconds(3), 8);

	}

	public static void main(String[] args) throws Exception {
		List<String> arguments = List.of(args);
		Profile profile = arguments.contains("--quick") ? Profile.QUICK : Profile.FULL;
		Path out = Path.of(arguments.contains("--out") ? arguments.get(arguments.indexOf("--out") + 1) : "bench/results");
		Files.createDirectories(out);
		String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
		Path home = Path.of(System.getenv().getOrDefault("LEARNFLOW_HOME", ".learnflow"));

		log("baseline: ProducerPerformance and ConsumerPerformance, " + profile.baselineRecords() + " records");
		Baseline.Numbers baseline = new Baseline(bootstrap).run(profile.baselineRecords());

		LoadGenerator load = new LoadGenerator(new Workload(1000));
		log("warm-up");
		load.maximum(profile.concurrency(), Duration.ofSeconds(2));
		List<LoadGenerator.Result> maxRuns = new ArrayList<>();
		for (int run = 1; run <= profile.maxRuns(); run++) {
			log("maximum throughput, run " + run + ": " + profile.concurrency() + " clients, " + profile.maxDuration());
			maxRuns.add(load.maximum(profile.concurrency(), profile.maxDuration()));
		}
		maxRuns.sort(Comparator.comparingDouble(LoadGenerator.Result::acceptedPerSecond));
		LoadGenerator.Result median = maxRuns.get(maxRuns.size() / 2);
		Map<Integer, LoadGenerator.Result> fixed = new LinkedHashMap<>();
		for (int rate : profile.fixedRates()) {
			log("fixed rate " + rate + "/s for " + profile.fixedDuration());
			fixed.put(rate, load.fixedRate(rate, profile.fixedWorkers(), profile.fixedDuration()));
		}

		log("no-loss check");
		List<NoLossCheck.Outcome> noLoss = new ArrayList<>();
		for (Map.Entry<String, Set<String>> topic : load.accepted().entrySet()) {
			noLoss.add(NoLossCheck.check(bootstrap, topic.getKey(), topic.getValue()));
		}
		Map<String, Resources.Usage> resources = Resources.read(home);

		Map<String, Object> report = report(profile, baseline, maxRuns, median, fixed, noLoss, resources);
		Files.writeString(out.resolve("latest.json"),
				JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(report));
		String markdown = Markdown.of(report, baseline, median, fixed, noLoss, resources);
		Files.writeString(out.resolve("latest.md"), markdown);
		System.out.println(markdown);
		boolean lossless = noLoss.stream().allMatch(NoLossCheck.Outcome::passed) && !noLoss.isEmpty();
		System.exit(lossless ? 0 : 1);
	}

	private static Map<String, Object> report(Profile profile, Baseline.Numbers baseline,
			List<LoadGenerator.Result> maxRuns, LoadGenerator.Result median, Map<Integer, LoadGenerator.Result> fixed,
			List<NoLossCheck.Outcome> noLoss, Map<String, Resources.Usage> resources) {
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("date", Instant.now().toString());
		report.put("profile", profile);
		report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "memory_mb",
				((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
					.getTotalMemorySize() / (1024 * 1024),
				"jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version")));
		report.put("baseline", baseline);
		report.put("maximum_runs_accepted_per_second", maxRuns.stream().map(LoadGenerator.Result::acceptedPerSecond).toList());
		report.put("maximum", summary(median));
		report.put("maximum_vs_producer_performance", median.acceptedPerSecond() / baseline.recordsPerSecond());
		Map<String, Object> rates = new LinkedHashMap<>();
		fixed.forEach((rate, result) -> rates.put(Integer.toString(rate), summary(result)));
		report.put("fixed_rate", rates);
		report.put("no_loss", noLoss);
		report.put("resources", resources);
		return report;
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
