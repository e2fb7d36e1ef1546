package com.learnflow.struggle;

import java.time.Instant;
import java.util.Optional;

import com.learnflow.events.CodeExecuted;
import com.learnflow.events.StruggleDetected;

/**
 * A student who fails {@code failures} code executions within {@code window} is offered a hint; a successful
 * execution resets the streak.
 */
class RepeatedErrorsRule {

	static final String STRUGGLE_TYPE = "repeated_errors";

	static final String ACTION = "offer_hint";

	private final int failures;

	private final long windowMs;

	RepeatedErrorsRule(DetectionProperties.RepeatedErrors properties) {
		this.failures = properties.failures();
		this.windowMs = properties.window().toMillis();
	}

	/**
	 * Applies one execution, at its event time, to the student's streak.
	 * @return the streak to keep, and the alert when this execution completes the pattern
	 */
	Outcome apply(FailureStreak streak, CodeExecuted execution, long executedAt) {
		if (execution.success()) {
			return new Outcome(FailureStreak.EMPTY, Optional.empty());
		}
		FailureStreak next = streak.with(executedAt).within(this.windowMs);
		if (next.size() < this.failures) {
			return new Outcome(next, Optional.empty());
		}
		StruggleDetected alert = new StruggleDetected(execution.userId(), STRUGGLE_TYPE, confidence(next.size()),
				ACTION, Instant.ofEpochMilli(executedAt));
		// The alert used the streak up: the next alert needs a new run of failures.
		return new Outcome(FailureStreak.EMPTY, Optional.of(alert));
	}

	/** Confidence grows with the failures in the window: 1 - 2^-failures, so 3 failures give 0.875. */
	static double confidence(int failuresInWindow) {
		return 1 - Math.pow(2, -failuresInWindow);
	}

	/**
	 * @param streak the state to store for the student
	 * @param alert the alert to publish, if any
	 */
	record Outcome(FailureStreak streak, Optional<StruggleDetected> alert) {
	}

}
