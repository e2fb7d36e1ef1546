package com.learnflow.struggle.rules;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A student who started an exercise and, {@code after} that (30 minutes), has had neither
 * a successful execution nor a submission is offered a hint; the check runs on the wall
 * clock, so it fires although a stalled student sends nothing.
 *
 * <p>
 * Confidence: {@code min(1, 0.6 + 0.4 (stall - after) / after)}: 0.6 when found on time,
 * growing as the stall lasts.
 */
class StalledExerciseRule {

	static final String STRUGGLE_TYPE = "stalled_exercise";

	static final String ACTION = "offer_hint";

	/**
	 * The open exercises kept per student; starting one more forgets the earliest
	 * started.
	 */
	static final int MAX_OPEN_EXERCISES = 20;

	private final long afterMs;

	StalledExerciseRule(DetectionProperties.StalledExercise properties) {
		this.afterMs = properties.after().toMillis();
	}

	/** Remembers an exercise start; returns when to check it. */
	StruggleRules.StallCheck started(StudentState state, Activity.ExerciseStart activity) {
		String exercise = activity.event().exerciseId().toString();
		state.openExercises().put(exercise, new StudentState.Start(activity.eventId(), activity.time()));
		while (state.openExercises().size() > MAX_OPEN_EXERCISES) {
			state.openExercises()
				.values()
				.stream()
				.min(Comparator.comparingLong(StudentState.Start::time))
				.ifPresent((earliest) -> state.openExercises().values().remove(earliest));
		}
		return new StruggleRules.StallCheck(activity.time() + this.afterMs, exercise);
	}

	/**
	 * A successful execution or a submission is progress on every open exercise started
	 * before it.
	 */
	void progressed(StudentState state, Activity activity) {
		state.openExercises().values().removeIf((start) -> start.time() <= activity.time());
		state.lastProgress(activity.time());
	}

	/** Checks one exercise whose time has come, at wall-clock time {@code now}. */
	Optional<Detection> check(StudentState state, String exercise, long now) {
		StudentState.Start start = state.openExercises().get(exercise);
		if (start == null || now < start.time() + this.afterMs) {
			return Optional.empty();
		}
		state.openExercises().remove(exercise);
		if (state.lastProgress() >= start.time()) {
			return Optional.empty();
		}
		long stall = now - start.time();
		double confidence = Math.min(1, 0.6 + 0.4 * (stall - this.afterMs) / this.afterMs);
		return Optional.of(new Detection(STRUGGLE_TYPE, ACTION, confidence, start.time() + this.afterMs,
				List.of(start.eventId())));
	}

}
