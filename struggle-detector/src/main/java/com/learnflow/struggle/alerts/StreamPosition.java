package com.learnflow.struggle.alerts;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How far a reader of {@code struggle.detected} has come: for each partition, the offset
 * of the last record taken into account, written {@code 0:123,1:456,2:789}. It depends on
 * the topic only, never on the replica, so it is the id of every event of the stream and
 * what a reconnecting client sends back as {@code Last-Event-ID}.
 */
final class StreamPosition {

	/**
	 * A position longer than this is refused; one of 3 partitions takes about 40
	 * characters.
	 */
	static final int MAX_LENGTH = 1024;

	private static final Pattern FORMAT = Pattern.compile("[0-9]{1,10}:[0-9]{1,19}(,[0-9]{1,10}:[0-9]{1,19})*");

	static final StreamPosition NONE = new StreamPosition(new TreeMap<>());

	private final NavigableMap<Integer, Long> offsets;

	private StreamPosition(NavigableMap<Integer, Long> offsets) {
		this.offsets = Collections.unmodifiableNavigableMap(offsets);
	}

	/** A copy of the given offsets, by partition. */
	static StreamPosition of(Map<Integer, Long> offsets) {
		return new StreamPosition(new TreeMap<>(offsets));
	}

	/**
	 * The position a client sent.
	 * @throws IllegalArgumentException saying what is wrong when it is not exactly what
	 * {@link #toString()} writes
	 */
	static StreamPosition parse(String text) {
		if (text.length() > MAX_LENGTH) {
			throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
		}
		if (!FORMAT.matcher(text).matches()) {
			throw new IllegalArgumentException("must be partition:offset pairs separated by commas, as in 0:12,1:7");
		}
		TreeMap<Integer, Long> offsets = new TreeMap<>();
		int previous = -1;
		for (String pair : text.split(",")) {
			int colon = pair.indexOf(':');
			long partition = Long.parseLong(pair.substring(0, colon));
			long offset;
			try {
				offset = Long.parseLong(pair.substring(colon + 1));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("has an offset beyond " + Long.MAX_VALUE);
			}
			if (partition > Integer.MAX_VALUE) {
				throw new IllegalArgumentException("has a partition beyond " + Integer.MAX_VALUE);
			}
			if (partition <= previous) {
				throw new IllegalArgumentException("must list each partition once, in ascending order");
			}
			previous = (int) partition;
			offsets.put((int) partition, offset);
		}
		return new StreamPosition(offsets);
	}

	Set<Integer> partitions() {
		return this.offsets.keySet();
	}

	/**
	 * The offset of the last record taken into account in the partition, or -1 for none.
	 */
	long offset(int partition) {
		return this.offsets.getOrDefault(partition, -1L);
	}

	/**
	 * Whether the record at this partition and offset lies at or before this position.
	 */
	boolean covers(int partition, long offset) {
		return offset <= offset(partition);
	}

	/** This position moved on to the record at this partition and offset. */
	StreamPosition with(int partition, long offset) {
		TreeMap<Integer, Long> moved = new TreeMap<>(this.offsets);
		moved.merge(partition, offset, Math::max);
		return new StreamPosition(moved);
	}

	/** The further of the two positions, partition by partition. */
	StreamPosition max(StreamPosition other) {
		TreeMap<Integer, Long> merged = new TreeMap<>(this.offsets);
		other.offsets.forEach((partition, offset) -> merged.merge(partition, offset, Math::max));
		return new StreamPosition(merged);
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof StreamPosition position) && this.offsets.equals(position.offsets);
	}

	@Override
	public int hashCode() {
		return this.offsets.hashCode();
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder();
		this.offsets.forEach((partition, offset) -> {
			if (!text.isEmpty()) {
				text.append(',');
			}
			text.append(partition).append(':').append(offset);
		});
		return text.toString();
	}

}
