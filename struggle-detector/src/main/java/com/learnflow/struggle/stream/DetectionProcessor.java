package com.learnflow.struggle.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import com.learnflow.events.StruggleDetected;
import com.learnflow.kafka.CloudEventHeaders;
import com.learnflow.struggle.rules.Activity;
import com.learnflow.struggle.rules.Detection;
import com.learnflow.struggle.rules.DetectionProperties;
import com.learnflow.struggle.rules.SeenEventIds;
import com.learnflow.struggle.rules.StruggleRules;
import com.learnflow.struggle.rules.StudentState;

/**
 * Runs each student's activity, keyed by {@code user_id}, through the rules with the
 * student's state from a fault-tolerant store, and checks due exercise stalls on the wall
 * clock, as far as its input has come.
 *
 * <p>
 * Every alert's record timestamp is the processing time, which the broker accepts
 * whatever time a client put in an event; {@code detected_at} stays the event time that
 * completed the pattern, so a replay yields the same alert.
 */
public class DetectionProcessor implements Processor<String, Activity, String, StruggleDetected> {

	public static final String STATES = "student-states";

	/**
	 * Stall checks, keyed {@code <due time, 13 digits>|<user_id>|<exercise_id>} so that a
	 * range scan finds the due; 13 digits hold every time from 1970 to 2286, which
	 * contains every time the event-time window admits.
	 */
	static final String STALL_CHECKS = "stall-checks";

	/**
	 * When each student's state expires, keyed {@code <hour, 13 digits>|<user_id>}: a
	 * state whose latest activity lies further back than the event-time window can take
	 * no more events, and is deleted (in the first check after the hour its window ends
	 * in), so that the states kept are those of the students active within the window.
	 * The hour changes rarely, so most events leave this store alone.
	 */
	static final String STATE_EXPIRY = "state-expiry";

	static final String SOURCE = "/learnflow/struggle-detector";

	private static final int TIME_DIGITS = 13;

	private static final long HOUR_MS = Duration.ofHours(1).toMillis();

	static final String RULE_HEADER = "learnflow_rule";

	static final String EVIDENCE_HEADER = "learnflow_evidence";

	private final StruggleRules rules;

	private final Duration checkInterval;

	private final DetectionMetrics metrics;

	private final long duplicateWindowMs;

	private final long idleAfterMs;

	private ProcessorContext<String, StruggleDetected> context;

	private KeyValueStore<String, StudentState> states;

	private KeyValueStore<String, String> stallChecks;

	private KeyValueStore<String, String> stateExpiry;

	private final long stateTtlMs;

	/**
	 * The latest arrival time among the records this task has processed: how far its
	 * input has come.
	 */
	private long inputUpTo;

	/** The wall-clock time at which this task last processed a record (or started). */
	private long lastInputAt;

	DetectionProcessor(StruggleRules rules, DetectionProperties.StalledExercise stalls, Duration duplicateWindow,
			Duration stateTtl, DetectionMetrics metrics) {
		this.rules = rules;
		this.stateTtlMs = stateTtl.toMillis();
		this.checkInterval = stalls.checkInterval();
		this.idleAfterMs = stalls.idleAfter().toMillis();
		this.duplicateWindowMs = duplicateWindow.toMillis();
		this.metrics = metrics;
	}

	@Override
	public void init(ProcessorContext<String, StruggleDetected> context) {
		this.context = context;
		this.states = context.getStateStore(STATES);
		this.stallChecks = context.getStateStore(STALL_CHECKS);
		this.stateExpiry = context.getStateStore(STATE_EXPIRY);
		this.lastInputAt = context.currentSystemTimeMs();
		context.schedule(this.checkInterval, PunctuationType.WALL_CLOCK_TIME, this::checkStalls);
	}

	@Override
	public void process(Record<String, Activity> record) {
		Activity activity = record.value();
		if (activity == null) {
			return;
		}
		this.inputUpTo = Math.max(this.inputUpTo, activity.arrival());
		this.lastInputAt = this.context.currentSystemTimeMs();
		String topic = activity.topic().name();
		// The student is the event's own user_id, whatever key a writer of the
		// repartition topic gave it.
		String user = activity.userId().toString();
		StudentState state = stateOf(user);
		if (seenBefore(state, activity)) {
			this.metrics.record(topic, "duplicate");
			return;
		}
		long lastActivity = state.lastActivity();
		state.lastActivity(activity.time());
		this.metrics.record(topic, "processed");
		StruggleRules.Outcome outcome = this.rules.apply(state, activity);
		outcome.stallCheck()
			.ifPresent((check) -> this.stallChecks.put(stallKey(check.due(), user, check.exerciseId()), user));
		for (Detection detection : outcome.detections()) {
			this.rules.alert(state, activity.userId(), detection)
				.ifPresent((alert) -> forward(alert, detection, record.headers()));
		}
		store(user, state, lastActivity);
	}

	/**
	 * Stores a student's state and moves its expiry to the hour its latest activity plus
	 * the time to live ends in.
	 */
	private void store(String user, StudentState state, long before) {
		long expiry = hourEnding(state.lastActivity() + this.stateTtlMs);
		long expiryBefore = (before > 0) ? hourEnding(before + this.stateTtlMs) : 0;
		if (expiry != expiryBefore) {
			if (expiryBefore > 0) {
				this.stateExpiry.put(timeKey(expiryBefore, user), null);
			}
			this.stateExpiry.put(timeKey(expiry, user), user);
		}
		this.states.put(user, state);
	}

	/**
	 * Deletes the states whose expiry has come on the wall clock: no event of theirs is
	 * admitted any more.
	 */
	private void expireStates(long wallClock) {
		List<KeyValue<String, String>> expired = new ArrayList<>();
		try (KeyValueIterator<String, String> due = this.stateExpiry.range("0", timeKey(wallClock, "~"))) {
			due.forEachRemaining(expired::add);
		}
		for (KeyValue<String, String> entry : expired) {
			this.states.put(entry.value, null);
			this.stateExpiry.put(entry.key, null);
		}
	}

	/**
	 * An input event counted before for the same student within the duplicate window
	 * ({@link SeenEventIds}).
	 */
	private boolean seenBefore(StudentState state, Activity activity) {
		return !state.seen()
			.firstSighting(activity.eventId(), activity.time(), activity.arrival(), this.duplicateWindowMs);
	}

	/**
	 * Judges the stall checks that are due, as far as this task's input has come: up to
	 * the latest arrival time it has processed while input flows (a lagging detector
	 * judges no exercise before it has read what came before its due time), and up to the
	 * wall clock once no input has come for {@code idle-after} (a quiet partition).
	 */
	private void checkStalls(long wallClock) {
		long now = (wallClock - this.lastInputAt >= this.idleAfterMs) ? wallClock : Math.min(wallClock, this.inputUpTo);
		List<KeyValue<String, String>> due = new ArrayList<>();
		try (KeyValueIterator<String, String> checks = this.stallChecks.range("0", stallKey(now, "~", "~"))) {
			checks.forEachRemaining(due::add);
		}
		for (KeyValue<String, String> check : due) {
			String user = check.value;
			String exercise = check.key.substring(check.key.lastIndexOf('|') + 1);
			StudentState state = this.states.get(user);
			if (state != null) {
				this.rules.checkStall(state, exercise, now)
					.flatMap((detection) -> this.rules.alert(state, UUID.fromString(user), detection).map((alert) -> {
						forward(alert, detection, null);
						return alert;
					}));
				this.states.put(user, state);
			}
			this.stallChecks.put(check.key, null);
		}
		expireStates(wallClock);
	}

	private void forward(StruggleDetected alert, Detection detection, Headers inputHeaders) {
		long time = alert.detectedAt().toEpochMilli();
		long now = this.context.currentSystemTimeMs();
		// Only the input's trace context travels on (TraceHeaders): no header a client
		// chose reaches an alert.
		Headers headers = (inputHeaders != null) ? TraceHeaders.allowed(inputHeaders) : new RecordHeaders();
		CloudEventHeaders.write(headers, StruggleRules.alertId(alert), alert.eventType(), SOURCE, alert.detectedAt());
		headers.remove(RULE_HEADER).add(RULE_HEADER, detection.struggleType().getBytes(StandardCharsets.UTF_8));
		headers.remove(EVIDENCE_HEADER)
			.add(EVIDENCE_HEADER, String.join(",", detection.evidence()).getBytes(StandardCharsets.UTF_8));
		this.metrics.alert(alert.struggleType(), alert.recommendedAction(), Duration.ofMillis(now - time));
		this.context.forward(new Record<>(alert.userId().toString(), alert, now, headers));
	}

	private StudentState stateOf(String user) {
		StudentState state = this.states.get(user);
		return (state != null) ? state : new StudentState();
	}

	static String stallKey(long due, String user, String exercise) {
		return timeKey(due, user + "|" + exercise);
	}

	/** A key that sorts by time: the time in 13 digits, then the rest. */
	static String timeKey(long time, String rest) {
		if (time < 0 || time > 9_999_999_999_999L) {
			throw new IllegalArgumentException("a time key's time must have 13 digits but was " + time);
		}
		String digits = Long.toString(time);
		StringBuilder key = new StringBuilder(TIME_DIGITS + 1 + rest.length());
		for (int i = digits.length(); i < TIME_DIGITS; i++) {
			key.append('0');
		}
		return key.append(digits).append('|').append(rest).toString();
	}

	/**
	 * The end of the hour (UTC, epoch milliseconds) that a time lies in; a full hour is
	 * its own end.
	 */
	static long hourEnding(long time) {
		return -Math.floorDiv(-time, HOUR_MS) * HOUR_MS;
	}

}
