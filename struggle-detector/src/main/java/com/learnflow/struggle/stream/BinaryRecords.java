package com.learnflow.struggle.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The building blocks of the detector's binary internal records
 * ({@link StudentStateFormat}, {@link ActivityFormat}): numbers big-endian in 4 or 8
 * bytes, a text as its UTF-8 length ({@code -1} for {@code null}) and bytes, a UUID as
 * two numbers. A record is written into an array of exactly its size, measured first, so
 * that nothing is copied or grown.
 */
final class BinaryRecords {

	private BinaryRecords() {
	}

	/**
	 * The bytes a text takes: its length and its UTF-8 form (an unpaired surrogate
	 * becomes {@code ?}).
	 */
	static int sizeOf(String text) {
		if (text == null) {
			return 4;
		}
		int size = 4;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				size += 1;
			}
			else if (c < 0x800) {
				size += 2;
			}
			else if (isPair(text, i)) {
				size += 4;
				i++;
			}
			else {
				size += Character.isSurrogate(c) ? 1 : 3;
			}
		}
		return size;
	}

	private static boolean isPair(String text, int i) {
		return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
				&& Character.isLowSurrogate(text.charAt(i + 1));
	}

	/** Writes a record into an array of the size given. */
	static final class Writer {

		private final byte[] buffer;

		private int position;

		Writer(int size) {
			this.buffer = new byte[size];
		}

		void put(byte value) {
			this.buffer[this.position++] = value;
		}

		void putInt(int value) {
			putIntAt(this.position, value);
			this.position += 4;
		}

		void putLong(long value) {
			for (int shift = 56; shift >= 0; shift -= 8) {
				this.buffer[this.position++] = (byte) (value >>> shift);
			}
		}

		void putDouble(double value) {
			putLong(Double.doubleToLongBits(value));
		}

		void putUuid(UUID value) {
			putLong(value.getMostSignificantBits());
			putLong(value.getLeastSignificantBits());
		}

		void putText(String text) {
			if (text == null) {
				putInt(-1);
				return;
			}
			int lengthAt = this.position;
			this.position += 4;
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c < 0x80) {
					put((byte) c);
				}
				else if (c < 0x800) {
					put((byte) (0xC0 | (c >> 6)));
					put((byte) (0x80 | (c & 0x3F)));
				}
				else if (isPair(text, i)) {
					int point = Character.toCodePoint(c, text.charAt(++i));
					put((byte) (0xF0 | (point >> 18)));
					put((byte) (0x80 | ((point >> 12) & 0x3F)));
					put((byte) (0x80 | ((point >> 6) & 0x3F)));
					put((byte) (0x80 | (point & 0x3F)));
				}
				else if (Character.isSurrogate(c)) {
					put((byte) '?');
				}
				else {
					put((byte) (0xE0 | (c >> 12)));
					put((byte) (0x80 | ((c >> 6) & 0x3F)));
					put((byte) (0x80 | (c & 0x3F)));
				}
			}
			putIntAt(lengthAt, this.position - lengthAt - 4);
		}

		private void putIntAt(int at, int value) {
			for (int shift = 24; shift >= 0; shift -= 8) {
				this.buffer[at++] = (byte) (value >>> shift);
			}
		}

		/** The record, which must fill the size it was given. */
		byte[] bytes() {
			if (this.position != this.buffer.length) {
				throw new IllegalStateException(this.position + " bytes written of " + this.buffer.length);
			}
			return this.buffer;
		}

	}

	/**
	 * Reads a record; anything that breaks its form (cut short, a count or length out of
	 * bounds, bytes left over) is an {@link IllegalArgumentException}.
	 */
	static final class Reader {

		private final ByteBuffer in;

		Reader(byte[] data) {
			this.in = ByteBuffer.wrap(data);
		}

		byte get() {
			need(1);
			return this.in.get();
		}

		int getInt() {
			need(4);
			return this.in.getInt();
		}

		long getLong() {
			need(8);
			return this.in.getLong();
		}

		double getDouble() {
			need(8);
			return this.in.getDouble();
		}

		UUID uuid() {
			return new UUID(getLong(), getLong());
		}

		/** A count of entries, at most {@code max}. */
		int count(int max) {
			int count = getInt();
			if (count < 0 || count > max) {
				throw new IllegalArgumentException("a count of " + count + " entries, more than " + max);
			}
			return count;
		}

		String text() {
			int length = getInt();
			if (length == -1) {
				return null;
			}
			if (length < 0 || length > this.in.remaining()) {
				throw new IllegalArgumentException("a text of " + length + " bytes in " + this.in.remaining());
			}
			String text = new String(this.in.array(), this.in.position(), length, StandardCharsets.UTF_8);
			this.in.position(this.in.position() + length);
			return text;
		}

		/** The record must end here. */
		void end() {
			if (this.in.hasRemaining()) {
				throw new IllegalArgumentException(this.in.remaining() + " bytes after the record");
			}
		}

		private void need(int bytes) {
			if (this.in.remaining() < bytes) {
				throw new IllegalArgumentException("the record is cut short");
			}
		}

	}

}
