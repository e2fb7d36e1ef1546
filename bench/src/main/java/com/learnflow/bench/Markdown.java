package com.learnflow.bench;

import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

/** The benchmark's results as a markdown page, each figure beside its baseline where it has one. */
final class Markdown {

	private Markdown() {
	}

	static String of(Map<String, Object> report, Bench.Results results) {
		Baseline.Numbers baseline = results.baseline();
		StringBuilder md = new StringBuilder("# LearnFlow Events benchmark\n\n");
		md.append("Date ").append(report.get("date")).append("; machine ").append(report.get("machine"))
			.append("; profile ").append(results.profile().name())
			.append(". Everything (broker, services, detector, load generator) on one machine, on 127.0.0.1. ")
			.append("Maximum-throughput figures are the median of the runs listed.\n\n")
			.append("![latency by percentile](latest-latency.png)\n\n");
		md.append("## Targets\n\n| target | measured | wanted | met |\n|---|---|---|---|\n");
		for (Target target : Target.detector(results)) {
			md.append(String.format("| %s | %.3f %s | %s %s %s | %s |%n", target.name(), target.measured(),
					target.unit(), target.atLeast() ? "at least" : "at most", target.target(), target.unit(),
					target.met() ? "yes" : "**no**"));
		}
		md.append("\n## Throughput\n\n| what | events/s | baseline | ratio |\n|---|---|---|---|\n");
		md.append(String.format("| Kafka ProducerPerformance (reference producer config, ~200 B JSON) | %.0f | | |%n",
				baseline.recordsPerSecond()));
		md.append(String.format("| Kafka ConsumerPerformance | %.0f | | |%n", baseline.consumedPerSecond()));
		LoadGenerator.Result mixed = results.mixed();
		md.append(String.format("| ingest, 3 services together, maximum, %d clients (runs %s) | %.0f | ProducerPerformance | %.3f |%n",
				results.profile().concurrency(), rates(results.mixedRuns()), mixed.acceptedPerSecond(),
				mixed.acceptedPerSecond() / baseline.recordsPerSecond()));
		results.aloneRuns().forEach((endpoint, runs) -> {
			LoadGenerator.Result median = Bench.Results.median(runs);
			md.append(String.format("| ingest, %s alone, maximum, %d clients (runs %s) | %.0f | ProducerPerformance | %.3f |%n",
					endpoint.path, results.profile().concurrency(), rates(runs), median.acceptedPerSecond(),
					median.acceptedPerSecond() / baseline.recordsPerSecond()));
		});
		DetectorReplay.Result replay = results.replay();
		if (replay.failure() != null) {
			md.append("| detector replay | failed: ").append(replay.failure().replace('|', '/')).append(" | | |\n");
		}
		else {
			md.append(String.format("| detector replay of %d input events from the start | %.0f | ConsumerPerformance on the same backlog: %.0f | %.3f |%n",
					replay.backlog(), replay.eventsPerSecond(), replay.consumerPerformance().perSecond(), replay.ratio()));
			md.append(String.format("%nThe replaying detector was caught up %.1f s after its JVM started; its peak RSS"
					+ " was %d MB.%n", replay.secondsToCaughtUp(), replay.peakRssMb()));
		}
		md.append("\n## Latency (ms, HTTP request to 202 after the broker's ack)\n\n")
			.append("| run | endpoint | requests | p50 | p99 | p99.9 | max |\n|---|---|---|---|---|---|---|\n");
		appendLatency(md, "maximum, 3 services together", mixed);
		results.aloneRuns().forEach((endpoint, runs) -> md.append(row("maximum, alone", endpoint.path,
				Bench.Results.median(runs).latencies().get(endpoint))));
		results.fixed().forEach((rate, result) -> appendLatency(md, "fixed " + rate + "/s (from intended start)", result));
		md.append(String.format("%nProducerPerformance's own producer latency: p50 %.0f ms, p99 %.0f ms.%n",
				baseline.p50Ms(), baseline.p99Ms()));
		DetectionLatency.Result detection = results.detection();
		md.append(String.format("%n## End-to-end detection (ms, 202 of the completing event to the alert read committed)%n%n"))
			.append("| rate | probes | without alert | p50 | p99 | p99.9 | max |\n|---|---|---|---|---|---|---|\n");
		Histogram h = detection.latencies();
		md.append(String.format("| %d/s | %d | %d | %.1f | %.1f | %.1f | %.1f |%n", results.profile().detectionRate(),
				detection.probes(), detection.missing(), h.getValueAtPercentile(50) / 1000.0,
				h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0));
		md.append("\n## No loss\n\n| topic | answered 202 | missing | duplicated |\n|---|---|---|---|\n");
		results.noLoss().forEach((outcome) -> md.append(String.format("| %s | %d | %d | %d |%n", outcome.topic(),
				outcome.answered(), outcome.missing(), outcome.duplicated())));
		md.append("\n## Resources\n\n| service | start to Started (s) | peak RSS (MB) |\n|---|---|---|\n");
		results.resources().forEach((service, usage) -> md.append(String.format("| %s | %.1f | %d |%n", service,
				usage.startSeconds(), usage.peakRssMb())));
		return md.toString();
	}

	private static List<Long> rates(List<LoadGenerator.Result> runs) {
		return runs.stream().map((run) -> Math.round(run.acceptedPerSecond())).toList();
	}

	private static void appendLatency(StringBuilder md, String run, LoadGenerator.Result result) {
		result.latencies().forEach((endpoint, histogram) -> md.append(row(run, endpoint.path, histogram)));
	}

	private static String row(String run, String endpoint, Histogram h) {
		return String.format("| %s | %s | %d | %.1f | %.1f | %.1f | %.1f |%n", run, endpoint, h.getTotalCount(),
				h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
				h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
	}

}
