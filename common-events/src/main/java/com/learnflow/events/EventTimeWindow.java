package com.learnflow.events;

import java.time.Duration;
import java.time.Instant;

/**
 * An event's own time must lie within a window around the clock of whoever receives it:
 * at most {@code maxAge} before it and at most {@code maxFuture} after it.
 *
 * <p>
 * The ingest services refuse a request outside the window with a 400 naming the field,
 * and the detector sends an input record outside it to the dead-letter topic, so that no
 * time a client makes up (a laptop with a wrong clock, a hostile value) reaches the
 * rules, the state stores' time-ordered keys or a record timestamp the broker refuses.
 *
 * @param maxAge how far in the past an event may lie; by default the input topics'
 * retention (7 days), since an older event is gone from its topic anyway
 * @param maxFuture how far ahead of the receiver's clock an event may lie, for clock
 * skew; by default 5 minutes
 */
public record EventTimeWindow(Duration maxAge, Duration maxFuture) {

	public static final Duration DEFAULT_MAX_AGE = TopicCatalog.ACTIVITY_RETENTION;

	public static final Duration DEFAULT_MAX_FUTURE = Duration.ofMinutes(5);

	/** The defaults: the input topics' retention in the past, 5 minutes in the future. */
	public static final EventTimeWindow DEFAULT = new EventTimeWindow(DEFAULT_MAX_AGE, DEFAULT_MAX_FUTURE);

	public EventTimeWindow {
		if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
			throw new IllegalArgumentException("event-time max-age must be positive but was " + maxAge);
		}
		if (maxFuture == null || maxFuture.isNegative()) {
			throw new IllegalArgumentException("event-time max-future must not be negative but was " + maxFuture);
		}
	}

	/**
	 * Whether the time lies within the window around {@code now}; both ends are included.
	 */
	public boolean contains(Instant time, Instant now) {
		return !time.isBefore(now.minus(this.maxAge)) && !time.isAfter(now.plus(this.maxFuture));
	}

	/**
	 * Whether the time (epoch milliseconds) lies within the window around {@code nowMs};
	 * both ends are included.
	 */
	public boolean contains(long timeMs, long nowMs) {
		return timeMs >= nowMs - this.maxAge.toMillis() && timeMs <= nowMs + this.maxFuture.toMillis();
	}

	/**
	 * The time, if it lies within the window around {@code now}.
	 * @throws InvalidEventException naming the field, and the window, when it does not
	 */
	public Instant check(String field, Instant time, Instant now) {
		if (time != null && !contains(time, now)) {
			throw new InvalidEventException(field, describe() + " but was " + time);
		}
		return time;
	}

	/** The rule in words, as error answers and dead-letter reasons state it. */
	public String describe() {
		return "must lie between " + words(this.maxAge) + " before and " + words(this.maxFuture)
				+ " after the server's clock";
	}

	private static String words(Duration duration) {
		if (duration.toDaysPart() > 0 && duration.toHoursPart() == 0 && duration.toMinutesPart() == 0
				&& duration.toSecondsPart() == 0) {
			return duration.toDays() + ((duration.toDays() == 1) ? " day" : " days");
		}
		if (duration.toHours() > 0 && duration.toMinutesPart() == 0 && duration.toSecondsPart() == 0) {
			return duration.toHours() + ((duration.toHours() == 1) ? " hour" : " hours");
		}
		if (duration.toMinutes() > 0 && duration.toSecondsPart() == 0) {
			return duration.toMinutes() + ((duration.toMinutes() == 1) ? " minute" : " minutes");
		}
		return duration.toMillis() + " ms";
	}

}
