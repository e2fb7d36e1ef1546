package com.learnflow.bench;

import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

/** The benchmark's results as a markdown page, each figure beside its baseline where it has one. */
final class Markdown {

	private Markdown() {
	}

	static String of(Map<String, Object> report, Baseline.Numbers baseline, LoadGenerator.Result median,
			Map<Integer, LoadGenerator.Result> fixed, List<NoLossCheck.Outcome> noLoss,
			Map<String, Resources.Usage> resources) {
		StringBuilder md = new StringBuilder("# LearnFlow Events benchmark\n\n");
		md.append("Date ").append(report.get("date")).append("; machine ").append(report.get("machine"))
			.append("; profile ").append(((Bench.Profile) report.get("profile")).name())
			.append(". Everything (broker, services, load generator) on one machine, on 127.0.0.1.\n\n");
		md.append("## Throughput\n\n| what | events/s | baseline | ratio |\n|---|---|---|---|\n");
		md.append(String.format("| Kafka ProducerPerformance (reference producer config, ~200 B JSON) | %.0f | | |%n",
				baseline.recordsPerSecond()));
		md.append(String.format("| Kafka ConsumerPerformance | %.0f | | |%n", baseline.consumedPerSecond()));
		md.append(String.format("| ingest, 3 services together, maximum (median of runs %s) | %.0f | ProducerPerformance | %.3f |%n",
				report.get("maximum_runs_accepted_per_second"), median.acceptedPerSecond(),
				median.acceptedPerSecond() / baseline.recordsPerSecond()));
		md.append("\n## Latency (ms, HTTP request to 202 after the broker's ack)\n\n")
			.append("| run | endpoint | requests | p50 | p99 | p99.9 | max |\n|---|---|---|---|---|---|---|\n");
		appendLatency(md, "maximum", median);
		fixed.forEach((rate, result) -> appendLatency(md, "fixed " + rate + "/s (from intended start)", result));
		md.append(String.format("%nProducerPerformance's own producer latency: p50 %.0f ms, p99 %.0f ms.%n",
				baseline.p50Ms(), baseline.p99Ms()));
		md.append("\n## No loss\n\n| topic | answered 202 | missing | duplicated |\n|---|---|---|---|\n");
		noLoss.forEach((outcome) -> md.append(String.format("| %s | %d | %d | %d |%n", outcome.topic(),
				outcome.answered(), outcome.missing(), outcome.duplicated())));
		md.append("\n## Resources\n\n| service | start to Started (s) | peak RSS (MB) |\n|---|---|---|\n");
		resources.forEach((service, usage) -> md.append(String.format("| %s | %.1f | %d |%n", service,
				usage.startSeconds(), usage.peakRssMb())));
		return md.toString();
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
