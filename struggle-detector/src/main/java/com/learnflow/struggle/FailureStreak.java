package com.learnflow.struggle;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The failed executions a student has had since the last success, by event time (epoch milliseconds), oldest first.
 *
 * @param failures the event times of the failures
 */
record FailureStreak(@JsonProperty("failures") List<Long> failures) {

	static final FailureStreak EMPTY = new FailureStreak(List.of());

	FailureStreak {
		failures = List.copyOf(failures);
	}

	/** This streak with one more failure, kept in event-time order whatever order it arrived in. */
	FailureStreak with(long failedAt) {
		List<Long> next = new ArrayList<>(this.failures);
		int index = 0;
		while (index < next.size() && next.get(index) <= failedAt) {
			index++;
		}
		next.add(index, failedAt);
		return new FailureStreak(next);
	}

	/** Only the failures no older than {@code windowMs} before the newest one. */
	FailureStreak within(long windowMs) {
		if (this.failures.isEmpty()) {
			return this;
		}
		long newest = this.failures.get(this.failures.size() - 1);
		return new FailureStreak(this.failures.stream().filter((time) -> time > newest - windowMs).toList());
	}

	int size() {
		return this.failures.size();
	}

}
