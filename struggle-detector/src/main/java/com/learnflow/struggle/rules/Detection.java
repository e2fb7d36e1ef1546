package com.learnflow.struggle.rules;

import java.util.List;

/**
 * A rule found a struggle.
 *
 * @param struggleType the rule's struggle type
 * @param action the rule's own recommended action (escalation may replace it)
 * @param confidence how sure the rule is, in (0, 1]
 * @param time when the struggle was found, in event time (epoch milliseconds): its newest
 * evidence's, whatever order the evidence arrived in
 * @param evidence the ids of the input events the rule used
 */
public record Detection(String struggleType, String action, double confidence, long time, List<String> evidence) {

	/**
	 * A detection from the input events it used, timed by the newest of them: the same
	 * events read in another order (a replay, whose input partitions interleave
	 * differently) give the same alert, with the same id.
	 */
	static Detection fromEvidence(String struggleType, String action, double confidence,
			List<? extends StudentState.Evidence> evidence) {
		long newest = evidence.stream().mapToLong(StudentState.Evidence::time).max().orElseThrow();
		return new Detection(struggleType, action, confidence, newest,
				evidence.stream().map(StudentState.Evidence::eventId).toList());
	}

}
