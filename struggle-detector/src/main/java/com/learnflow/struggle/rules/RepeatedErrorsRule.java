package com.learnflow.struggle.rules;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A student with at least {@code failures} failed code executions within {@code window}
 * is offered a hint; a successful execution resets the streak.
 *
 * <p>
 * Confidence: {@code 1 - 2^-(n + r/2)}, with {@code n} failures in the window and
 * {@code r} the repeats of the most frequent error text among them (3 different errors:
 * 0.875; 3 times the same error: 0.9375).
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

	Optional<Detection> apply(StudentState state, Activity.Execution activity) {
		if (activity.event().success()) {
			// Only failures after the success count: a late failure from before it is
			// dropped too.
			state.failures().removeIf((failure) -> failure.time() <= activity.time());
			return Optional.empty();
		}
		StudentState.insertByTime(state.failures(),
				new StudentState.Failure(activity.eventId(), activity.time(), activity.event().error()));
		long newest = state.failures().get(state.failures().size() - 1).time();
		state.failures().removeIf((failure) -> failure.time() <= newest - this.windowMs);
		if (state.failures().size() < this.failures) {
			return Optional.empty();
		}
		List<StudentState.Failure> used = List.copyOf(state.failures());
		// The alert uses the streak up: the next alert needs a new run of failures.
		state.failures().clear();
		return Optional.of(Detection.fromEvidence(STRUGGLE_TYPE, ACTION, confidence(used), used));
	}

	static double confidence(List<StudentState.Failure> failures) {
		Map<String, Long> byError = failures.stream()
			.map(StudentState.Failure::error)
			.filter(Objects::nonNull)
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
		long repeats = byError.values().stream().mapToLong(Long::longValue).max().orElse(1) - 1;
		return 1 - Math.pow(2, -(failures.size() + repeats / 2.0));
	}

}
