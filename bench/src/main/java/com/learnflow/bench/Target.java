package com.learnflow.bench;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One figure of the benchmark against the target an issue set for it: met when the
 * measured value is at least the target ({@code atLeast}) or at most it; a figure that
 * could not be measured (NaN, or negative) is not met.
 *
 * @param name what is measured
 * @param measured the value this run measured
 * @param target the value to reach
 * @param unit the unit of both
 * @param atLeast whether the measured value must reach the target from below (a rate) or
 * stay under it (a latency)
 */
record Target(@JsonProperty("name") String name, @JsonProperty("measured") double measured,
		@JsonProperty("target") double target, @JsonProperty("unit") String unit,
		@JsonProperty("at_least") boolean atLeast) {

	@JsonProperty("met")
	boolean met() {
		if (Double.isNaN(this.measured) || this.measured < 0) {
			return false;
		}
		return this.atLeast ? this.measured >= this.target : this.measured <= this.target;
	}

	/**
	 * Every target a run's results are held to: single-event ingest's (issue #14) and the
	 * detector's (issue #13).
	 */
	static List<Target> all(Bench.Results results) {
		List<Target> targets = new ArrayList<>(ingest(results.maximum(), results.profile().maximum()));
		targets.addAll(batch(results.batch().measured(), results.baseline()));
		targets.addAll(detector(results));
		return targets;
	}

	/**
	 * Each service, warm, at 64 connections: at least 0.95 of the bare controller's rate,
	 * with at most 1.5 times its p99 (each the median of the rounds' ratios); and from
	 * its first seconds of load at least 0.8 of its warm rate.
	 */
	static List<Target> ingest(IngestMaximum.Result maximum, IngestMaximum.Settings settings) {
		List<Target> targets = new ArrayList<>();
		int connections = IngestMaximum.MAX_CONNECTIONS;
		maximum.services().forEach((endpoint, measured) -> {
			targets.add(new Target(endpoint.service + ", warm, " + connections + " connections, vs the bare controller",
					maximum.vsAnchor(endpoint, connections), 0.95, "ratio", true));
			targets.add(new Target(
					endpoint.service + ", warm, " + connections + " connections, p99 vs the bare" + " controller's",
					maximum.p99VsAnchor(endpoint, connections), 1.5, "ratio", false));
			targets.add(new Target(endpoint.service + ", first " + settings.cold().toSeconds() + " s of load vs warm",
					measured.coldVsWarm(), 0.8, "ratio", true));
		});
		return targets;
	}

	/**
	 * Batch ingest at 16 connections: at least 40,000 events/s, at least 0.4 of
	 * ProducerPerformance's rate in the same run, and p99 per request at most 50 ms.
	 */
	static List<Target> batch(IngestMaximum.Measured batch, Baseline.Numbers baseline) {
		Wrk.Run run = batch.at(IngestMaximum.BATCH_CONNECTIONS);
		double eventsPerSecond = run.perSecond() * batch.eventsPerRequest();
		String name = batch.name() + ", " + IngestMaximum.BATCH_CONNECTIONS + " connections";
		return List
			.of(new Target(name + ", events/s", eventsPerSecond, 40_000, "events/s", true),
					new Target(name + ", events/s vs ProducerPerformance",
							eventsPerSecond / baseline.recordsPerSecond(), 0.4, "ratio", true),
					new Target(name + ", p99 per request", run.p99Ms(), 50, "ms", false));
	}

	/** The detector's targets (issue #13) from a run's results. */
	static List<Target> detector(Bench.Results results) {
		List<Target> targets = new ArrayList<>();
		DetectorReplay.Result replay = results.replay();
		boolean replayed = replay.ran() || replay.failure() != null;
		if (replayed) {
			targets.add(new Target("detector replay of the input backlog, vs ConsumerPerformance on the same backlog",
					replay.ratio(), 0.30, "ratio", true));
		}
		targets.add(new Target("end-to-end detection p99 at " + results.profile().detectionRate() + " events/s",
				results.detection().latencies().getValueAtPercentile(99) / 1000.0, 500, "ms", false));
		Resources.Usage detector = results.resources().get("struggle-detector");
		long livePeak = (detector != null) ? detector.peakRssMb() : -1;
		targets.add(new Target("struggle-detector peak RSS under load", livePeak, 300, "MB", false));
		if (replayed) {
			targets.add(new Target("struggle-detector peak RSS during a replay", replay.peakRssMb(), 300, "MB", false));
		}
		return targets;
	}

}
