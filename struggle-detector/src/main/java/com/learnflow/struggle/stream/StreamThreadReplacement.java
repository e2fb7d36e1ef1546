package com.learnflow.struggle.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream thread that dies is replaced, up to {@value #MAX_REPLACEMENTS} times within
 * {@link #WINDOW}; a failure that keeps killing threads then shuts the client down, so
 * that liveness turns DOWN and the platform restarts the detector instead of it replacing
 * threads forever.
 */
class StreamThreadReplacement implements StreamsUncaughtExceptionHandler {

	static final int MAX_REPLACEMENTS = 5;

	static final Duration WINDOW = Duration.ofMinutes(10);

	private static final Logger log = LoggerFactory.getLogger(StreamThreadReplacement.class);

	private final Deque<Instant> replacements = new ArrayDeque<>();

	private final DetectionMetrics metrics;

	private final Clock clock;

	StreamThreadReplacement(DetectionMetrics metrics, Clock clock) {
		this.metrics = metrics;
		this.clock = clock;
	}

	@Override
	public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
		Instant now = this.clock.instant();
		while (!this.replacements.isEmpty() && this.replacements.peekFirst().isBefore(now.minus(WINDOW))) {
			this.replacements.removeFirst();
		}
		if (this.replacements.size() >= MAX_REPLACEMENTS) {
			log.error("A stream thread died for the {}th time within {}; shutting Kafka Streams down",
					MAX_REPLACEMENTS + 1, WINDOW, exception);
			return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
		}
		this.replacements.addLast(now);
		this.metrics.failure("stream_thread_replaced");
		log.error("A stream thread died; replacing it", exception);
		return StreamThreadExceptionResponse.REPLACE_THREAD;
	}

}
