package com.learnflow.struggle.rules;

import java.util.List;
import java.util.Optional;

/**
 * A student whose mean of the last (up to) {@code lastScores} submission scores is below
 * {@code threshold}, once there are at least {@code minScores}, is suggested a review.
 *
 * <p>
 * Confidence:
 * {@code (0.5 + 0.5 (threshold - mean) / threshold) * (0.8 + 0.2 k / lastScores)} for
 * {@code k} scores: a lower mean and more scores make it surer.
 */
class LowScoresRule {

	static final String STRUGGLE_TYPE = "low_scores";

	static final String ACTION = "suggest_review";

	private final DetectionProperties.LowScores properties;

	LowScoresRule(DetectionProperties.LowScores properties) {
		this.properties = properties;
	}

	Optional<Detection> apply(StudentState state, Activity.Submission activity) {
		StudentState.insertByTime(state.scores(),
				new StudentState.Score(activity.eventId(), activity.time(), activity.event().score()));
		while (state.scores().size() > this.properties.lastScores()) {
			state.scores().remove(0);
		}
		List<StudentState.Score> scores = List.copyOf(state.scores());
		if (scores.size() < this.properties.minScores()) {
			return Optional.empty();
		}
		double mean = scores.stream().mapToDouble(StudentState.Score::score).average().orElseThrow();
		if (mean >= this.properties.threshold()) {
			return Optional.empty();
		}
		double threshold = this.properties.threshold();
		double confidence = (0.5 + 0.5 * (threshold - mean) / threshold)
				* (0.8 + 0.2 * scores.size() / this.properties.lastScores());
		return Optional.of(Detection.fromEvidence(STRUGGLE_TYPE, ACTION, confidence, scores));
	}

}
