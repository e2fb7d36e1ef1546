package com.learnflow.struggle.stream;

import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import com.learnflow.struggle.rules.SeenEventIds;
import com.learnflow.struggle.rules.StruggleRules;
import com.learnflow.struggle.rules.StudentState;

/**
 * The student states' form in their store and changelog: a version byte
 * ({@value #VERSION}), then each field in a fixed order ({@link BinaryRecords}), each
 * piece of evidence with its own type (an error text, a score as a number). It is written
 * and read without a parser or reflection, and it holds the student's seen event ids as
 * plain numbers ({@link SeenEventIds}). Version {@value #TEXT_EVIDENCE} (every piece of
 * evidence as text) is still read; states of earlier versions (JSON, Smile) start with
 * another byte and are read by {@link InternalFormat}.
 *
 * <p>
 * A value that breaks the form (cut short, a count or length beyond what a state can
 * hold) is refused with an {@link IllegalArgumentException}; {@link #serde} then takes
 * the student as new.
 */
final class StudentStateFormat {

	static final byte VERSION = 3;

	/**
	 * The previous version: the same fields, with a score as text and an exercise start's
	 * id again as text.
	 */
	static final byte TEXT_EVIDENCE = 2;

	/**
	 * More entries than any list or map of a state holds: a count beyond it is a damaged
	 * record.
	 */
	private static final int MAX_ENTRIES = Math.max(SeenEventIds.MAX, StruggleRules.MAX_ALERT_TIMES) * 4;

	private static final int SEEN_ID_BYTES = 24;

	private StudentStateFormat() {
	}

	/**
	 * The state's serde in its store: written in this form, read in it or in the JSON or
	 * Smile of earlier versions ({@link InternalFormat}); a value that cannot be read (a
	 * bad changelog record) is counted and taken as a fresh state, so that one student's
	 * damaged state never stops or blocks anything.
	 */
	static Serde<StudentState> serde(DetectionMetrics metrics) {
		Deserializer<StudentState> earlier = InternalFormat.earlier(StudentState.class);
		Serializer<StudentState> serializer = (topic, state) -> (state != null) ? write(state) : null;
		Deserializer<StudentState> tolerant = (topic, data) -> {
			if (data == null) {
				return null;
			}
			try {
				return isThisFormat(data) ? read(data) : earlier.deserialize(topic, data);
			}
			catch (RuntimeException ex) {
				metrics.failure("unreadable_state");
				return null;
			}
		};
		return Serdes.serdeFrom(serializer, tolerant);
	}

	static boolean isThisFormat(byte[] data) {
		return data.length > 0 && (data[0] == VERSION || data[0] == TEXT_EVIDENCE);
	}

	static byte[] write(StudentState state) {
		BinaryRecords.Writer out = new BinaryRecords.Writer(sizeOf(state));
		out.put(VERSION);
		out.putLong(state.lastProgress());
		out.putLong(state.lastActivity());
		out.putInt(state.failures().size());
		for (StudentState.Failure failure : state.failures()) {
			putEvent(out, failure);
			out.putText(failure.error());
		}
		out.putInt(state.scores().size());
		for (StudentState.Score score : state.scores()) {
			putEvent(out, score);
			out.putDouble(score.score());
		}
		out.putInt(state.openExercises().size());
		for (Map.Entry<String, StudentState.Start> open : state.openExercises().entrySet()) {
			out.putText(open.getKey());
			putEvent(out, open.getValue());
		}
		out.putInt(state.alerts().size());
		for (long alert : state.alerts()) {
			out.putLong(alert);
		}
		out.putInt(state.lastAlertByType().size());
		for (Map.Entry<String, Long> last : state.lastAlertByType().entrySet()) {
			out.putText(last.getKey());
			out.putLong(last.getValue());
		}
		SeenEventIds seen = state.seen();
		out.putInt(seen.size());
		for (int i = 0; i < seen.size(); i++) {
			out.putLong(seen.hash(i));
			out.putLong(seen.time(i));
			out.putLong(seen.forgetAt(i));
		}
		return out.bytes();
	}

	static StudentState read(byte[] data) {
		BinaryRecords.Reader in = new BinaryRecords.Reader(data);
		byte version = in.get();
		if (version != VERSION && version != TEXT_EVIDENCE) {
			throw new IllegalArgumentException("not a student state of version " + VERSION + " or " + TEXT_EVIDENCE);
		}
		boolean asText = version == TEXT_EVIDENCE;
		StudentState state = new StudentState();
		state.lastProgress(in.getLong());
		state.lastActivity(in.getLong());
		for (int i = in.count(MAX_ENTRIES); i > 0; i--) {
			state.failures().add(new StudentState.Failure(in.text(), in.getLong(), in.text()));
		}
		for (int i = in.count(MAX_ENTRIES); i > 0; i--) {
			state.scores()
				.add(new StudentState.Score(in.text(), in.getLong(),
						asText ? Double.parseDouble(in.text()) : in.getDouble()));
		}
		for (int i = in.count(MAX_ENTRIES); i > 0; i--) {
			String exercise = in.text();
			state.openExercises().put(exercise, new StudentState.Start(in.text(), in.getLong()));
			if (asText) {
				in.text();
			}
		}
		for (int i = in.count(MAX_ENTRIES); i > 0; i--) {
			state.alerts().add(in.getLong());
		}
		for (int i = in.count(MAX_ENTRIES); i > 0; i--) {
			state.lastAlertByType().put(in.text(), in.getLong());
		}
		int seen = in.count(MAX_ENTRIES);
		state.seen().ensureCapacity(seen);
		for (int i = seen; i > 0; i--) {
			state.seen().add(in.getLong(), in.getLong(), in.getLong());
		}
		in.end();
		return state;
	}

	private static int sizeOf(StudentState state) {
		int size = 1 + 8 + 8 + 4;
		for (StudentState.Failure failure : state.failures()) {
			size += sizeOf(failure) + BinaryRecords.sizeOf(failure.error());
		}
		size += 4;
		for (StudentState.Score score : state.scores()) {
			size += sizeOf(score) + 8;
		}
		size += 4;
		for (Map.Entry<String, StudentState.Start> open : state.openExercises().entrySet()) {
			size += BinaryRecords.sizeOf(open.getKey()) + sizeOf(open.getValue());
		}
		size += 4 + 8 * state.alerts().size() + 4;
		for (String type : state.lastAlertByType().keySet()) {
			size += BinaryRecords.sizeOf(type) + 8;
		}
		return size + 4 + SEEN_ID_BYTES * state.seen().size();
	}

	/** An evidence's event: its id and its time. */
	private static int sizeOf(StudentState.Evidence evidence) {
		return BinaryRecords.sizeOf(evidence.eventId()) + 8;
	}

	private static void putEvent(BinaryRecords.Writer out, StudentState.Evidence evidence) {
		out.putText(evidence.eventId());
		out.putLong(evidence.time());
	}

}
