package com.learnflow.struggle.rules;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.learnflow.events.StruggleDetected;

/**
 * Applies every rule to a student's activity and decides which detections become alerts:
 * at most one per student and struggle type per cool-down, and an alert that is the
 * student's third (or later) within the escalation window goes to the instructor
 * ({@code notify_instructor}) instead of carrying its rule's own action.
 */
public class StruggleRules {

	public static final String ESCALATED_ACTION = "notify_instructor";

	/**
	 * The alert times kept per student for escalation: more than the cool-down lets the
	 * three rules raise in 24 hours (3 × 96); the earliest go first.
	 */
	public static final int MAX_ALERT_TIMES = 300;

	private final RepeatedErrorsRule repeatedErrors;

	private final LowScoresRule lowScores;

	private final StalledExerciseRule stalledExercise;

	private final long cooldownMs;

	private final DetectionProperties.Escalation escalation;

	public StruggleRules(DetectionProperties properties) {
		this.repeatedErrors = new RepeatedErrorsRule(properties.repeatedErrors());
		this.lowScores = new LowScoresRule(properties.lowScores());
		this.stalledExercise = new StalledExerciseRule(properties.stalledExercise());
		this.cooldownMs = properties.cooldown().toMillis();
		this.escalation = properties.escalation();
	}

	/**
	 * Applies one activity to the student's state.
	 * @return what the rules found, and when to check an exercise that was started
	 */
	public Outcome apply(StudentState state, Activity activity) {
		List<Detection> detections = new ArrayList<>();
		Optional<StallCheck> stallCheck = Optional.empty();
		if (activity instanceof Activity.Execution execution) {
			if (execution.event().success()) {
				this.stalledExercise.progressed(state, execution);
			}
			this.repeatedErrors.apply(state, execution).ifPresent(detections::add);
		}
		else if (activity instanceof Activity.Submission submission) {
			this.stalledExercise.progressed(state, submission);
			this.lowScores.apply(state, submission).ifPresent(detections::add);
		}
		else if (activity instanceof Activity.ExerciseStart start) {
			stallCheck = Optional.of(this.stalledExercise.started(state, start));
		}
		return new Outcome(detections, stallCheck);
	}

	/** Checks an exercise whose stall check is due at wall-clock time {@code now}. */
	public Optional<Detection> checkStall(StudentState state, String exercise, long now) {
		return this.stalledExercise.check(state, exercise, now);
	}

	/**
	 * The alert of a detection, unless the cool-down holds it back; records it in the
	 * state.
	 */
	public Optional<StruggleDetected> alert(StudentState state, UUID user, Detection detection) {
		Long last = state.lastAlertByType().get(detection.struggleType());
		if (last != null && Math.abs(detection.time() - last) < this.cooldownMs) {
			return Optional.empty();
		}
		state.lastAlertByType().put(detection.struggleType(), Math.max(detection.time(), (last != null) ? last : 0));
		long windowStart = detection.time() - this.escalation.window().toMillis();
		state.alerts().removeIf((time) -> time <= windowStart);
		long inWindow = state.alerts().stream().filter((time) -> time <= detection.time()).count() + 1;
		state.alerts().add(detection.time());
		state.alerts().sort(null);
		while (state.alerts().size() > MAX_ALERT_TIMES) {
			state.alerts().remove(0);
		}
		String action = (inWindow >= this.escalation.alerts()) ? ESCALATED_ACTION : detection.action();
		return Optional.of(new StruggleDetected(user, detection.struggleType(), detection.confidence(), action,
				Instant.ofEpochMilli(detection.time())));
	}

	/**
	 * The id of an alert, derived from its content, so that a replay produces the same
	 * id.
	 */
	public static UUID alertId(StruggleDetected alert) {
		return UUID
			.nameUUIDFromBytes((alert.userId() + "|" + alert.struggleType() + "|" + alert.detectedAt().toEpochMilli())
				.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * @param detections what the rules found
	 * @param stallCheck when to check a started exercise, if one was started
	 */
	public record Outcome(List<Detection> detections, Optional<StallCheck> stallCheck) {
	}

	/**
	 * An exercise to check for a stall.
	 *
	 * @param due when to check it (event time, epoch milliseconds)
	 * @param exerciseId the exercise
	 */
	public record StallCheck(long due, String exerciseId) {
	}

}
