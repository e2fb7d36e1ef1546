package com.learnflow.struggle;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The student states' form in their store and changelog: a version byte ({@value #VERSION}), then each field in a
 * fixed order, numbers as 8 bytes and texts as their UTF-8 length and bytes. It is written and read without a
 * parser or reflection, and it holds the student's seen event ids as plain numbers ({@link SeenEventIds}); states of
 * earlier versions (JSON, Smile) start with another byte and are read by {@link InternalFormat}.
 *
 * <p>A value that breaks the form (cut short, a count or length beyond what a state can hold) is refused with an
 * {@link IllegalArgumentException}; {@link StudentState#serde} then takes the student as new.
 */
final class StudentStateFormat {

	static final byte VERSION = 2;

	/** More entries than any list or map of a state holds: a count beyond it is a damaged record. */
	private static final int MAX_ENTRIES = Math.max(SeenEventIds.MAX, StruggleRules.MAX_ALERT_TIMES) * 4;

	private StudentStateFormat() {
	}

	static boolean isThisFormat(byte[] data) {
		return data.length > 0 && data[0] == VERSION;
	}

	static byte[] write(StudentState state) {
		Writer out = new Writer(256 + 24 * state.seen().size());
		out.put(VERSION);
		out.putLong(state.lastProgress());
		out.putLong(state.lastActivity());
		putEvidence(out, state.failures());
		putEvidence(out, state.scores());
		out.putInt(state.openExercises().size());
		for (Map.Entry<String, StudentState.Evidence> open : state.openExercises().entrySet()) {
			out.putText(open.getKey());
			putEvidence(out, open.getValue());
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
		ByteBuffer in = ByteBuffer.wrap(data);
		try {
			if (in.get() != VERSION) {
				throw new IllegalArgumentException("not a student state of version " + VERSION);
			}
			StudentState state = new StudentState();
			state.lastProgress(in.getLong());
			state.lastActivity(in.getLong());
			readEvidence(in, state.failures());
			readEvidence(in, state.scores());
			for (int i = count(in); i > 0; i--) {
				state.openExercises().put(text(in), evidence(in));
			}
			for (int i = count(in); i > 0; i--) {
				state.alerts().add(in.getLong());
			}
			for (int i = count(in); i > 0; i--) {
				state.lastAlertByType().put(text(in), in.getLong());
			}
			for (int i = count(in); i > 0; i--) {
				state.seen().add(in.getLong(), in.getLong(), in.getLong());
			}
			if (in.hasRemaining()) {
				throw new IllegalArgumentException(in.remaining() + " bytes after the state");
			}
			return state;
		}
		catch (BufferUnderflowException ex) {
			throw new IllegalArgumentException("the state is cut short", ex);
		}
	}

	private static void putEvidence(Writer out, List<StudentState.Evidence> list) {
		out.putInt(list.size());
		for (StudentState.Evidence evidence : list) {
			putEvidence(out, evidence);
		}
	}

	private static void putEvidence(Writer out, StudentState.Evidence evidence) {
		out.putText(evidence.eventId());
		out.putLong(evidence.time());
		out.putText(evidence.value());
	}

	private static void readEvidence(ByteBuffer in, List<StudentState.Evidence> list) {
		for (int i = count(in); i > 0; i--) {
			list.add(evidence(in));
		}
	}

	private static StudentState.Evidence evidence(ByteBuffer in) {
		return new StudentState.Evidence(text(in), in.getLong(), text(in));
	}

	private static int count(ByteBuffer in) {
		int count = in.getInt();
		if (count < 0 || count > MAX_ENTRIES) {
			throw new IllegalArgumentException("a count of " + count + " entries");
		}
		return count;
	}

	/** A text: its UTF-8 length (-1 for {@code null}) and bytes. */
	private static String text(ByteBuffer in) {
		int length = in.getInt();
		if (length == -1) {
			return null;
		}
		if (length < 0 || length > in.remaining()) {
			throw new IllegalArgumentException("a text of " + length + " bytes in " + in.remaining());
		}
		String text = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
		in.position(in.position() + length);
		return text;
	}

	/** A growing byte array written big-endian, as {@link ByteBuffer} reads it. */
	private static final class Writer {

		private byte[] buffer;

		private int size;

		Writer(int capacity) {
			this.buffer = new byte[capacity];
		}

		void put(byte value) {
			ensure(1);
			this.buffer[this.size++] = value;
		}

		void putInt(int value) {
			ensure(4);
			for (int shift = 24; shift >= 0; shift -= 8) {
				this.buffer[this.size++] = (byte) (value >>> shift);
			}
		}

		void putLong(long value) {
			ensure(8);
			for (int shift = 56; shift >= 0; shift -= 8) {
				this.buffer[this.size++] = (byte) (value >>> shift);
			}
		}

		void putText(String text) {
			if (text == null) {
				putInt(-1);
				return;
			}
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			putInt(bytes.length);
			ensure(bytes.length);
			System.arraycopy(bytes, 0, this.buffer, this.size, bytes.length);
			this.size += bytes.length;
		}

		byte[] bytes() {
			return (this.size == this.buffer.length) ? this.buffer : Arrays.copyOf(this.buffer, this.size);
		}

		private void ensure(int more) {
			if (this.size + more > this.buffer.length) {
				this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.size + more));
			}
		}

	}

}
