package com.learnflow.struggle.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the detector remembers of one student, kept in a fault-tolerant state store
 * (backed by a changelog topic). The rules update it in place while they judge one input
 * event; the processor then stores it again.
 */
// States written by earlier versions may carry fields this one no longer keeps.
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
		isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class StudentState {

	/** Failed executions since the last success, oldest first. */
	@JsonProperty("failures")
	private final List<Failure> failures = new ArrayList<>();

	/** The latest submission scores, oldest first. */
	@JsonProperty("scores")
	private final List<Score> scores = new ArrayList<>();

	/** Exercises started and not yet followed by progress: exercise id to its start. */
	@JsonProperty("open_exercises")
	private final Map<String, Start> openExercises = new LinkedHashMap<>();

	/** The time of the latest successful execution or submission, or 0. */
	@JsonProperty("last_progress")
	private long lastProgress;

	/**
	 * The latest event time of the student's activity, or 0 (states of earlier versions):
	 * when the state expires.
	 */
	@JsonProperty("last_activity")
	private long lastActivity;

	/** The times of the student's recent alerts, oldest first, for escalation. */
	@JsonProperty("alerts")
	private final List<Long> alerts = new ArrayList<>();

	/** The time of the latest alert of each struggle type, for the cool-down. */
	@JsonProperty("last_alert_by_type")
	private final Map<String, Long> lastAlertByType = new LinkedHashMap<>();

	/**
	 * The ids of the student's latest input events, to count a redelivered event once
	 * (none in earlier versions).
	 */
	@JsonIgnore
	private final SeenEventIds seen = new SeenEventIds();

	public List<Failure> failures() {
		return this.failures;
	}

	public List<Score> scores() {
		return this.scores;
	}

	public Map<String, Start> openExercises() {
		return this.openExercises;
	}

	public long lastProgress() {
		return this.lastProgress;
	}

	public void lastProgress(long time) {
		this.lastProgress = Math.max(this.lastProgress, time);
	}

	public long lastActivity() {
		return this.lastActivity;
	}

	public void lastActivity(long time) {
		this.lastActivity = Math.max(this.lastActivity, time);
	}

	public List<Long> alerts() {
		return this.alerts;
	}

	public Map<String, Long> lastAlertByType() {
		return this.lastAlertByType;
	}

	public SeenEventIds seen() {
		return this.seen;
	}

	static <E extends Evidence> void insertByTime(List<E> list, E evidence) {
		list.add(evidence);
		list.sort(Comparator.comparingLong(Evidence::time));
	}

	/**
	 * One input event that counts as evidence: a failure, a score or an exercise start.
	 */
	public sealed interface Evidence permits Failure, Score, Start {

		/** The input event's id. */
		String eventId();

		/** Its event time (epoch milliseconds). */
		long time();

	}

	/**
	 * A failed code execution.
	 *
	 * @param eventId the input event's id
	 * @param time its event time (epoch milliseconds)
	 * @param error the error it reported, or {@code null}
	 */
	public record Failure(@JsonProperty("event_id") String eventId, @JsonProperty("time") long time,
			@JsonProperty("value") String error) implements Evidence {
	}

	/**
	 * A submission's score; states of earlier versions wrote it as text, which reads as
	 * the number.
	 *
	 * @param eventId the input event's id
	 * @param time its event time (epoch milliseconds)
	 * @param score the score, 0 to 100
	 */
	public record Score(@JsonProperty("event_id") String eventId, @JsonProperty("time") long time,
			@JsonProperty("value") double score) implements Evidence {
	}

	/**
	 * An exercise start not yet followed by progress; the exercise is its key in
	 * {@link #openExercises()}.
	 *
	 * @param eventId the input event's id
	 * @param time its event time (epoch milliseconds)
	 */
	public record Start(@JsonProperty("event_id") String eventId, @JsonProperty("time") long time) implements Evidence {
	}

}
