package com.learnflow.struggle.rules;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.learnflow.events.TopicCatalog;

/**
 * The thresholds of the detection rules, under {@code learnflow.detection.*}; the
 * defaults are the rules table of {@code docs/struggle-detection.md}.
 *
 * @param repeatedErrors the {@code repeated_errors} rule
 * @param lowScores the {@code low_scores} rule
 * @param stalledExercise the {@code stalled_exercise} rule
 * @param cooldown the shortest time between two alerts of one type for one student
 * @param escalation when alerts go to the instructor
 * @param duplicateWindow how long around its event time an input event id is remembered,
 * to count a redelivered event once
 * @param repartitionPartitions the partitions of the topic that re-keys activity by
 * student, fixed so that adding partitions to an input topic never changes it; an
 * existing repartition topic's own count wins
 * @param livenessGrace how long Kafka Streams may stay failed or stopped before liveness
 * turns DOWN and the platform restarts the detector
 */
@ConfigurationProperties("learnflow.detection")
public record DetectionProperties(@DefaultValue RepeatedErrors repeatedErrors, @DefaultValue LowScores lowScores,
		@DefaultValue StalledExercise stalledExercise, @DefaultValue("15m") Duration cooldown,
		@DefaultValue Escalation escalation, @DefaultValue("24h") Duration duplicateWindow,
		@DefaultValue("" + TopicCatalog.PARTITIONS) int repartitionPartitions,
		@DefaultValue("30s") Duration livenessGrace) {

	public DetectionProperties {
		requireAtLeast("repartition-partitions", repartitionPartitions, 1);
	}

	/**
	 * @param failures how many failed executions make a struggle
	 * @param window the time within which they must fall
	 */
	public record RepeatedErrors(@DefaultValue("3") int failures, @DefaultValue("10m") Duration window) {

		public RepeatedErrors {
			requireAtLeast("repeated-errors.failures", failures, 1);
		}

	}

	/**
	 * @param lastScores how many of the latest scores the mean covers
	 * @param minScores how many scores there must be before the rule judges
	 * @param threshold a mean below this is a struggle
	 */
	public record LowScores(@DefaultValue("3") int lastScores, @DefaultValue("2") int minScores,
			@DefaultValue("60") double threshold) {

		public LowScores {
			requireAtLeast("low-scores.last-scores", lastScores, 1);
			requireAtLeast("low-scores.min-scores", minScores, 1);
			if (minScores > lastScores) {
				throw new IllegalArgumentException("low-scores.min-scores must not exceed last-scores");
			}
		}

	}

	/**
	 * @param after how long after an exercise start without progress the student counts
	 * as stalled
	 * @param checkInterval how often the detector looks for stalled students (wall-clock
	 * time)
	 * @param idleAfter how long a partition of students may bring no input before the
	 * detector takes it as caught up and judges its stalls on the wall clock alone; while
	 * input flows, a stall is judged only once the input has come up to its due time, so
	 * that a lagging detector (after an outage, in a replay) raises no false stalls
	 */
	public record StalledExercise(@DefaultValue("30m") Duration after, @DefaultValue("15s") Duration checkInterval,
			@DefaultValue("1m") Duration idleAfter) {
	}

	/**
	 * @param alerts the alert count within the window from which an alert goes to the
	 * instructor
	 * @param window the window over which alerts are counted
	 */
	public record Escalation(@DefaultValue("3") int alerts, @DefaultValue("24h") Duration window) {

		public Escalation {
			requireAtLeast("escalation.alerts", alerts, 1);
		}

	}

	private static void requireAtLeast(String name, int value, int min) {
		if (value < min) {
			throw new IllegalArgumentException(name + " must be at least " + min + " but was " + value);
		}
	}

}
