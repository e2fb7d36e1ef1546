package com.learnflow.bench;

import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * The benchmark's results as a markdown page, each figure beside its baseline where it
 * has one.
 */
final class Markdown {

	private Markdown() {
	}

	static String of(Map<String, Object> report, Bench.Results results) {
		Baseline.Numbers baseline = results.baseline();
		StringBuilder md = new StringBuilder("# LearnFlow Events benchmark\n\n");
		md.append("Date ")
			.append(report.get("date"))
			.append("; machine ")
			.append(report.get("machine"))
			.append("; profile ")
			.append(results.profile().name())
			.append(". Everything (broker, services, detector, load generator) on one machine, on 127.0.0.1. ")
			.append("Maximum throughput comes from wrk (one thread, one event per request, keep-alive, a bearer ")
			.append("token), after a warm-up that lasts until three 10 s runs agree within 5 %, then in rounds that ")
			.append("measure every target in turn; the anchor is a bare Spring Boot controller (bench-anchor) with the ")
			.append("same producer settings and JVM options.\n\n")
			.append("![latency by percentile](latest-latency.png)\n\n");
		md.append("## Targets\n\n| target | measured | wanted | met |\n|---|---|---|---|\n");
		for (Target target : Target.all(results)) {
			md.append(String.format("| %s | %.3f %s | %s %s %s | %s |%n", target.name(), target.measured(),
					target.unit(), target.atLeast() ? "at least" : "at most", target.target(), target.unit(),
					target.met() ? "yes" : "**no**"));
		}
		md.append("\n## Throughput\n\n| what | events/s | baseline | ratio |\n|---|---|---|---|\n");
		md.append(String.format("| Kafka ProducerPerformance (reference producer config, ~200 B JSON) | %.0f | | |%n",
				baseline.recordsPerSecond()));
		md.append(String.format("| Kafka ConsumerPerformance | %.0f | | |%n", baseline.consumedPerSecond()));
		IngestMaximum.Result maximum = results.maximum();
		md.append(String.format(
				"| ingest, the 3 services together (wrk), %d connections each | %.0f"
						+ " | ProducerPerformance | %.3f |%n",
				IngestMaximum.MAX_CONNECTIONS, maximum.togetherPerSecond(),
				maximum.togetherPerSecond() / baseline.recordsPerSecond()));
		DetectorReplay.Result replay = results.replay();
		if (replay.failure() != null) {
			md.append("| detector replay | failed: ").append(replay.failure().replace('|', '/')).append(" | | |\n");
		}
		else if (!replay.ran()) {
			md.append("| detector replay | not in the ").append(results.profile().name()).append(" profile | | |\n");
		}
		else {
			md.append(String.format(
					"| detector replay of %d input events from the start | %.0f | ConsumerPerformance on the same backlog: %.0f | %.3f |%n",
					replay.backlog(), replay.eventsPerSecond(), replay.consumerPerformance().perSecond(),
					replay.ratio()));
			md.append(String.format("%nThe replaying detector was caught up %.1f s after its JVM started; its peak RSS"
					+ " was %d MB. It wrote %.2f records to the broker for each input event (its repartition,"
					+ " changelog and dead-letter topics, transaction markers included, and its alerts). Had those"
					+ " writes cost what ProducerPerformance's did in this run (%.0f/s) and everything else nothing,"
					+ " the replay would have reached %.3f of ConsumerPerformance: the ceiling of this design on"
					+ " this machine.%n", replay.secondsToCaughtUp(), replay.peakRssMb(), replay.writtenPerInput(),
					baseline.recordsPerSecond(), replay.writeCeilingRatio(baseline.recordsPerSecond())));
		}
		md.append("\n## Single-event ingest at maximum throughput (wrk)\n\n")
			.append("| target | cold: first ")
			.append(results.profile().maximum().cold().toSeconds())
			.append(" s | warm-up runs (req/s) | cold / warm |");
		for (int connections : IngestMaximum.CONNECTIONS) {
			md.append(" ")
				.append(connections)
				.append(" connections: req/s of each round; p50, p99 of the median round | vs anchor |");
		}
		md.append(" wrk CPU (cores) | 2xx answered |\n|---|---|---|---|");
		IngestMaximum.CONNECTIONS.forEach((connections) -> md.append("---|---|"));
		md.append("---|---|\n");
		md.append(maximumRow(maximum.anchor(), null, maximum));
		maximum.services().forEach((endpoint, measured) -> md.append(maximumRow(measured, endpoint, maximum)));
		md.append(String.format(
				"%nvs anchor: the median over the %d rounds of the service's rate (p99 in the targets)"
						+ " divided by the anchor's in the same round. The detector was stopped for these runs.%n%n",
				results.profile().maximum().rounds()));
		maximum.ledgers()
			.forEach((ledger) -> md.append(String.format("- %s: %d answered 2xx, %d records added (%s)%n",
					ledger.topic(), ledger.answered2xx(), ledger.recordsAdded(),
					ledger.lossless() ? "none missing" : "**records missing**")));
		md.append(String.format("%nThe three services together, the detector running (its lag %.0f when they began): ",
				maximum.detectorLag()))
			.append(Wrk.describe(maximum.together()))
			.append(".\n");
		appendBatch(md, results.batch(), baseline);
		md.append("\n## Latency (ms, HTTP request to 202 after the broker's ack)\n\n")
			.append("| run | endpoint | requests | p50 | p99 | p99.9 | max |\n|---|---|---|---|---|---|---|\n");
		results.fixed()
			.forEach((rate, run) -> appendLatency(md,
					String.format("fixed %d/s (from intended start;" + " the load generator used %.2f of a core)", rate,
							run.generatorCores()),
					run.result()));
		md.append(String.format("%nProducerPerformance's own producer latency: p50 %.0f ms, p99 %.0f ms.%n",
				baseline.p50Ms(), baseline.p99Ms()));
		DetectionLatency.Result detection = results.detection();
		md.append(String
			.format("%n## End-to-end detection (ms, 202 of the completing event to the alert read committed)%n%n"))
			.append("| rate | probes | without alert | p50 | p99 | p99.9 | max |\n|---|---|---|---|---|---|---|\n");
		Histogram h = detection.latencies();
		md.append(String.format("| %d/s | %d | %d | %.1f | %.1f | %.1f | %.1f |%n", results.profile().detectionRate(),
				detection.probes(), detection.missing(), h.getValueAtPercentile(50) / 1000.0,
				h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0));
		md.append("\n## No loss\n\n| topic | answered 202 | missing | duplicated |\n|---|---|---|---|\n");
		results.noLoss()
			.forEach((outcome) -> md.append(String.format("| %s | %d | %d | %d |%n", outcome.topic(),
					outcome.answered(), outcome.missing(), outcome.duplicated())));
		md.append("\n## Resources\n\n| service | start to Started (s) | peak RSS (MB) |\n|---|---|---|\n");
		results.resources()
			.forEach((service, usage) -> md
				.append(String.format("| %s | %.1f | %d |%n", service, usage.startSeconds(), usage.peakRssMb())));
		return md.toString();
	}

	private static String maximumRow(IngestMaximum.Measured measured, Workload.Endpoint endpoint,
			IngestMaximum.Result maximum) {
		StringBuilder row = new StringBuilder(
				String.format("| %s | %.0f | %s%s | %.2f |", measured.name(), measured.cold().perSecond(),
						measured.warmUpPerSecond().stream().map((rate) -> Math.round(rate)).toList(),
						measured.stable() ? "" : " (not stable)", measured.coldVsWarm()));
		double wrkCores = measured.cold().wrkCores();
		for (int connections : IngestMaximum.CONNECTIONS) {
			Wrk.Run median = measured.at(connections);
			row.append(String.format(" %s; %.1f ms, %.1f ms | %s |",
					measured.runs(connections).stream().map((run) -> Math.round(run.perSecond())).toList(),
					median.p50Ms(), median.p99Ms(),
					(endpoint != null) ? String.format("%.3f", maximum.vsAnchor(endpoint, connections)) : "1"));
			for (Wrk.Run run : measured.runs(connections)) {
				wrkCores = Math.max(wrkCores, run.wrkCores());
			}
		}
		row.append(String.format(" at most %.2f | %d |%n", wrkCores, measured.accepted()));
		return row.toString();
	}

	private static void appendLatency(StringBuilder md, String run, LoadGenerator.Result result) {
		result.latencies().forEach((endpoint, histogram) -> md.append(row(run, endpoint.path, histogram)));
	}

	private static String row(String run, String endpoint, Histogram h) {
		return String.format("| %s | %s | %d | %.1f | %.1f | %.1f | %.1f |%n", run, endpoint, h.getTotalCount(),
				h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
				h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
	}

	/**
	 * The batch runs' section: warm-up, each connection count against
	 * ProducerPerformance's rate of the same run, and the records on the topic.
	 */
	static void appendBatch(StringBuilder md, IngestMaximum.Batch runs, Baseline.Numbers baseline) {
		IngestMaximum.Measured batch = runs.measured();
		md.append("\n## Batch ingest at maximum throughput (wrk)\n");
		md.append(String.format(
				"%n%s (POST .../batch, %d events per request): warm-up runs at %d connections (req/s)"
						+ " %s%s. Measured with the detector stopped.%n%n",
				batch.name(), batch.eventsPerRequest(), IngestMaximum.BATCH_CONNECTIONS,
				batch.warmUpPerSecond().stream().map((rate) -> Math.round(rate)).toList(),
				batch.stable() ? "" : " (not stable)"));
		md.append("| connections | requests/s | events/s | p50, p99 per request | vs ProducerPerformance | wrk CPU |\n")
			.append("|---|---|---|---|---|---|\n");
		for (int connections : IngestMaximum.CONNECTIONS) {
			Wrk.Run run = batch.at(connections);
			double events = run.perSecond() * batch.eventsPerRequest();
			md.append(String.format("| %d | %.0f | %.0f | %.1f ms, %.1f ms | %.3f | %.2f core |%n", connections,
					run.perSecond(), events, run.p50Ms(), run.p99Ms(), events / baseline.recordsPerSecond(),
					run.wrkCores()));
		}
		IngestMaximum.Ledger ledger = runs.ledger();
		md.append(String.format("%n%s: %d events answered 2xx, %d records added (%s).%n", ledger.topic(),
				ledger.answered2xx(), ledger.recordsAdded(),
				ledger.lossless() ? "none missing" : "**records missing**"));
	}

}
