package com.learnflow.struggle;

import java.util.List;

/**
 * A rule found a struggle.
 *
 * @param struggleType the rule's struggle type
 * @param action the rule's own recommended action (escalation may replace it)
 * @param confidence how sure the rule is, in (0, 1]
 * @param time when the struggle was found, in event time (epoch milliseconds): its newest evidence's, whatever
 *     order the evidence arrived in
 * @param evidence the ids of the input events the rule used
 */
record Detection(String struggleType, String action, double confidence, long time, List<String> evidence) {
}
