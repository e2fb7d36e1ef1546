package com.learnflow.struggle.rules;

import java.util.Arrays;

/**
 * The ids of one student's latest input events, each with its event time, so that a
 * redelivered event is counted once: an id is forgotten once the student's input clock
 * (the arrival times of her events) has passed both its arrival and its event time by the
 * duplicate window, and, beyond {@value #MAX} ids, the earliest remembered goes first.
 *
 * <p>
 * An id is kept as a 64-bit hash of its text, with its event time and the time it is
 * forgotten: 24 bytes each. Two different ids of one student that collide would count the
 * second as a repeat; among at most {@value #MAX} ids that chance is below
 * 10<sup>-14</sup>, and only the student's own events are compared, so no writer can hide
 * another student's events by reusing their ids.
 */
public final class SeenEventIds {

	/**
	 * The ids kept per student: her last 256 events, where a redelivery comes within
	 * seconds or minutes (a producer's or a client's retry); at most 6 KB of her state,
	 * which is written to its changelog for every event (1,024 ids made a busy student's
	 * every event a 24 KB changelog record).
	 */
	public static final int MAX = 256;

	private static final int INITIAL_CAPACITY = 4;

	private long[] hashes;

	private long[] times;

	private long[] forgetAt;

	/** Oldest first. */
	private int size;

	SeenEventIds() {
		this.hashes = new long[INITIAL_CAPACITY];
		this.times = new long[INITIAL_CAPACITY];
		this.forgetAt = new long[INITIAL_CAPACITY];
	}

	/**
	 * Makes room for {@code count} ids (at most {@value #MAX}), and one more, before they
	 * are added.
	 */
	public void ensureCapacity(int count) {
		int capacity = Math.min(MAX, count + 1);
		if (capacity > this.hashes.length) {
			this.hashes = Arrays.copyOf(this.hashes, capacity);
			this.times = Arrays.copyOf(this.times, capacity);
			this.forgetAt = Arrays.copyOf(this.forgetAt, capacity);
		}
	}

	public int size() {
		return this.size;
	}

	/**
	 * Whether an event is new, and if it is, remembers it: first forgets what the
	 * student's input clock ({@code arrival}) has passed, then looks the id up within
	 * {@code windowMs} of its event time, then keeps it until its arrival and its event
	 * time lie {@code windowMs} back.
	 */
	public boolean firstSighting(String eventId, long time, long arrival, long windowMs) {
		forget(arrival);
		long hash = hash(eventId);
		if (contains(hash, time, windowMs)) {
			return false;
		}
		add(hash, time, Math.max(time, arrival) + windowMs);
		return true;
	}

	/**
	 * Whether the id was counted at an event time within {@code windowMs} of
	 * {@code time}.
	 */
	public boolean contains(long hash, long time, long windowMs) {
		for (int i = 0; i < this.size; i++) {
			if (this.hashes[i] == hash && Math.abs(this.times[i] - time) <= windowMs) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Remembers an id until {@code forgetAt}; the earliest remembered goes when
	 * {@value #MAX} are kept.
	 */
	public void add(long hash, long time, long forgetAt) {
		if (this.size == MAX) {
			remove(0);
		}
		if (this.size == this.hashes.length) {
			ensureCapacity(this.size + this.size / 2);
		}
		this.hashes[this.size] = hash;
		this.times[this.size] = time;
		this.forgetAt[this.size] = forgetAt;
		this.size++;
	}

	/** Forgets the ids whose time has come by {@code clock}. */
	public void forget(long clock) {
		int kept = 0;
		for (int i = 0; i < this.size; i++) {
			if (this.forgetAt[i] > clock) {
				this.hashes[kept] = this.hashes[i];
				this.times[kept] = this.times[i];
				this.forgetAt[kept] = this.forgetAt[i];
				kept++;
			}
		}
		this.size = kept;
	}

	public long hash(int index) {
		return this.hashes[index];
	}

	public long time(int index) {
		return this.times[index];
	}

	public long forgetAt(int index) {
		return this.forgetAt[index];
	}

	private void remove(int index) {
		int after = this.size - index - 1;
		System.arraycopy(this.hashes, index + 1, this.hashes, index, after);
		System.arraycopy(this.times, index + 1, this.times, index, after);
		System.arraycopy(this.forgetAt, index + 1, this.forgetAt, index, after);
		this.size--;
	}

	/**
	 * A 64-bit hash of an event id's characters: FNV-1a, then MurmurHash3's finalizer to
	 * spread the bits.
	 */
	public static long hash(String eventId) {
		long hash = 0xcbf29ce484222325L;
		for (int i = 0; i < eventId.length(); i++) {
			hash ^= eventId.charAt(i);
			hash *= 0x100000001b3L;
		}
		hash ^= hash >>> 33;
		hash *= 0xff51afd7ed558ccdL;
		hash ^= hash >>> 33;
		hash *= 0xc4ceb9fe1a85ec53L;
		return hash ^ (hash >>> 33);
	}

}
