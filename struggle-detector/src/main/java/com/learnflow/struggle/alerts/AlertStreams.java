package com.learnflow.struggle.alerts;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open streams of this replica, each a {@link StreamSubscriber} with its own small
 * thread, within two caps: per student and in all. A stream's place is given back when
 * its thread ends, so the caps also bound the threads.
 */
class AlertStreams implements SmartLifecycle {

	/**
	 * A stream ends after this long; the browser's EventSource reconnects by itself, with
	 * its Last-Event-ID.
	 */
	static final long TIMEOUT_MS = Duration.ofMinutes(30).toMillis();

	/**
	 * A sender writes one event at a time through Spring MVC and Tomcat; a small stack is
	 * plenty.
	 */
	static final long THREAD_STACK_BYTES = 256 * 1024;

	/**
	 * What a refused client is told to wait, in seconds: a student's stream may free up
	 * soon, a full replica less so.
	 */
	static final int RETRY_AFTER_STUDENT_S = 10;

	static final int RETRY_AFTER_REPLICA_S = 5;

	/** Stops before the view, which stops before the web server's graceful shutdown. */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE;

	private final AlertView view;

	private final AlertsProperties.Stream properties;

	private final Set<StreamSubscriber> open = ConcurrentHashMap.newKeySet();

	private final Map<UUID, Integer> openByStudent = new HashMap<>();

	private final AtomicLong threads = new AtomicLong();

	private final Counter dropped;

	private final Counter refusedForStudent;

	private final Counter refusedForReplica;

	private int openCount;

	private volatile boolean running;

	AlertStreams(AlertView view, AlertsProperties.Stream properties, MeterRegistry registry) {
		this.view = view;
		this.properties = properties;
		Gauge.builder("learnflow.alert.stream.subscribers", this, AlertStreams::subscribers)
			.description("Open alert streams on this replica (each has a sender thread)")
			.register(registry);
		this.dropped = Counter.builder("learnflow.alert.stream.dropped")
			.description("Alert streams ended because their client fell a whole queue behind")
			.register(registry);
		this.refusedForStudent = refused(registry, "student");
		this.refusedForReplica = refused(registry, "replica");
	}

	private static Counter refused(MeterRegistry registry, String limit) {
		return Counter.builder("learnflow.alert.stream.refused")
			.description("Alert streams refused because a cap was reached, by cap")
			.tag("limit", limit)
			.register(registry);
	}

	/**
	 * Opens a stream of the student's alerts (all alerts for {@code null}), first those
	 * after {@code resumeFrom} if given.
	 * @throws StreamRefusedException when the student or the replica has as many streams
	 * as allowed
	 */
	SseEmitter open(UUID student, StreamPosition resumeFrom) {
		reserve(student);
		StreamSubscriber subscriber = null;
		try {
			SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
			StreamSubscriber created = new StreamSubscriber(student, resumeFrom, emitter, this.view,
					this.properties.heartbeat(), this.properties.queue(), this.dropped::increment, this::ended);
			subscriber = created;
			emitter.onCompletion(created::close);
			emitter.onTimeout(created::close);
			emitter.onError((ex) -> created.close());
			this.open.add(created);
			Thread thread = created.subscribe("alert-stream-" + this.threads.incrementAndGet(), THREAD_STACK_BYTES);
			thread.start();
			return emitter;
		}
		catch (RuntimeException | OutOfMemoryError ex) {
			if (subscriber != null) {
				this.view.unsubscribe(subscriber);
				this.open.remove(subscriber);
			}
			release(student);
			throw new StreamRefusedException(false, RETRY_AFTER_REPLICA_S, "could not start a stream: " + ex);
		}
	}

	private synchronized void reserve(UUID student) {
		if (!this.running) {
			this.refusedForReplica.increment();
			throw new StreamRefusedException(false, RETRY_AFTER_REPLICA_S, "this replica is not serving streams");
		}
		if (this.openCount >= this.properties.subscribers()) {
			this.refusedForReplica.increment();
			throw new StreamRefusedException(false, RETRY_AFTER_REPLICA_S, "this replica already serves its "
					+ this.properties.subscribers() + " streams; retry later, or on another replica");
		}
		if (student != null) {
			int ofStudent = this.openByStudent.getOrDefault(student, 0);
			if (ofStudent >= this.properties.subscribersPerStudent()) {
				this.refusedForStudent.increment();
				throw new StreamRefusedException(true, RETRY_AFTER_STUDENT_S, "student " + student + " already has "
						+ ofStudent + " open streams on this replica, the most allowed; close one or retry later");
			}
			this.openByStudent.put(student, ofStudent + 1);
		}
		this.openCount++;
	}

	private void ended(StreamSubscriber subscriber) {
		this.open.remove(subscriber);
		release(subscriber.student());
	}

	private synchronized void release(UUID student) {
		this.openCount--;
		if (student != null) {
			this.openByStudent.computeIfPresent(student, (key, count) -> (count > 1) ? count - 1 : null);
		}
		notifyAll();
	}

	/** The streams open now, dropped ones whose thread has not ended yet included. */
	synchronized int subscribers() {
		return this.openCount;
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Ends every stream, so that none holds up the web server's graceful shutdown, which
	 * comes next; waits a little for their threads.
	 */
	@Override
	public void stop() {
		this.running = false;
		List.copyOf(this.open).forEach(StreamSubscriber::close);
		awaitNoSubscribers(Duration.ofSeconds(2));
	}

	private synchronized void awaitNoSubscribers(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			for (long left = timeout.toMillis(); this.openCount > 0
					&& left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
				wait(left);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * A stream is refused: a 429 when the student's cap is reached, a 503 when the
	 * replica's is (or it cannot start one).
	 */
	static class StreamRefusedException extends RuntimeException {

		private final boolean student;

		private final int retryAfterSeconds;

		StreamRefusedException(boolean student, int retryAfterSeconds, String message) {
			super(message);
			this.student = student;
			this.retryAfterSeconds = retryAfterSeconds;
		}

		boolean isStudentCap() {
			return this.student;
		}

		int retryAfterSeconds() {
			return this.retryAfterSeconds;
		}

	}

}
