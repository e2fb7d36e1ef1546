package com.learnflow.struggle.stream;

import java.time.Instant;

import com.learnflow.events.CodeExecuted;
import com.learnflow.events.ExerciseStarted;
import com.learnflow.events.LearnFlowEvent;
import com.learnflow.events.LearningSubmitted;
import com.learnflow.struggle.rules.Activity;

/**
 * The repartition topic's records, which only the detector reads: a version byte
 * ({@value #VERSION}), the event id, time and arrival, a byte for the kind of event, then
 * its fields in a fixed order ({@link BinaryRecords}), its {@code event_type} implied by
 * the kind. An event read back is built by its own constructor, so a record some other
 * writer forged is refused like any invalid event; records of earlier versions (JSON,
 * Smile) start with another byte and are read by {@link InternalFormat}.
 */
final class ActivityFormat {

	static final byte VERSION = 2;

	private static final byte EXECUTION = 1;

	private static final byte SUBMISSION = 2;

	private static final byte EXERCISE_START = 3;

	private static final int UUID_BYTES = 16;

	private static final int INSTANT_BYTES = 12;

	private ActivityFormat() {
	}

	static boolean isThisFormat(byte[] data) {
		return data.length > 0 && data[0] == VERSION;
	}

	static byte[] write(Activity activity) {
		int size = 1 + BinaryRecords.sizeOf(activity.eventId()) + 8 + 8 + 1;
		if (activity instanceof Activity.Execution e) {
			CodeExecuted execution = e.event();
			size += 2 * UUID_BYTES + BinaryRecords.sizeOf(execution.language()) + 8 + 1
					+ BinaryRecords.sizeOf(execution.error());
		}
		else if (activity instanceof Activity.Submission) {
			size += 3 * UUID_BYTES + INSTANT_BYTES + 8;
		}
		else {
			size += 2 * UUID_BYTES + INSTANT_BYTES;
		}
		BinaryRecords.Writer out = new BinaryRecords.Writer(size);
		out.put(VERSION);
		out.putText(activity.eventId());
		out.putLong(activity.time());
		out.putLong(activity.arrival());
		if (activity instanceof Activity.Execution e) {
			CodeExecuted execution = e.event();
			out.put(EXECUTION);
			out.putUuid(execution.userId());
			out.putUuid(execution.sessionId());
			out.putText(execution.language());
			out.putLong(execution.executionTimeMs());
			out.put((byte) (execution.success() ? 1 : 0));
			out.putText(execution.error());
		}
		else if (activity instanceof Activity.Submission s) {
			LearningSubmitted submission = s.event();
			out.put(SUBMISSION);
			out.putUuid(submission.userId());
			out.putUuid(submission.classId());
			out.putUuid(submission.quizId());
			putInstant(out, submission.submittedAt());
			out.putDouble(submission.score());
		}
		else {
			ExerciseStarted start = ((Activity.ExerciseStart) activity).event();
			out.put(EXERCISE_START);
			out.putUuid(start.userId());
			out.putUuid(start.exerciseId());
			putInstant(out, start.startedAt());
		}
		return out.bytes();
	}

	static Activity read(byte[] data) {
		BinaryRecords.Reader in = new BinaryRecords.Reader(data);
		if (in.get() != VERSION) {
			throw new IllegalArgumentException("not an activity of version " + VERSION);
		}
		String eventId = in.text();
		long time = in.getLong();
		long arrival = in.getLong();
		LearnFlowEvent event = switch (in.get()) {
			case EXECUTION -> new CodeExecuted(in.uuid(), in.uuid(), in.text(), in.getLong(), in.get() == 1, in.text());
			case SUBMISSION -> new LearningSubmitted(in.uuid(), in.uuid(), in.uuid(), instant(in), in.getDouble());
			case EXERCISE_START -> new ExerciseStarted(in.uuid(), in.uuid(), instant(in));
			default -> throw new IllegalArgumentException("an activity of an unknown kind");
		};
		in.end();
		if (eventId == null) {
			throw new IllegalArgumentException("an activity without an event id");
		}
		return Activity.of(eventId, time, arrival, event);
	}

	private static void putInstant(BinaryRecords.Writer out, Instant instant) {
		out.putLong(instant.getEpochSecond());
		out.putInt(instant.getNano());
	}

	private static Instant instant(BinaryRecords.Reader in) {
		return Instant.ofEpochSecond(in.getLong(), in.getInt());
	}

}
