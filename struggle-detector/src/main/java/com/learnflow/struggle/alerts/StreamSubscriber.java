package com.learnflow.struggle.alerts;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.learnflow.events.StruggleDetected;

/**
 * One client of the stream: a bounded queue that the view's reader offers alerts to, and
 * a thread of its own that writes them out, so that a client that reads slowly holds up
 * no one but itself. It first writes the alerts the client missed
 * ({@code Last-Event-ID}), then the live ones, and a comment line whenever it has been
 * silent for the heartbeat interval. Each event's id is the position in the topic up to
 * which the client has had every alert.
 */
final class StreamSubscriber implements AlertView.Subscriber, Runnable {

	private static final Logger log = LoggerFactory.getLogger(StreamSubscriber.class);

	/**
	 * The alerts of one partition read from the store at a time, while catching up an
	 * unfiltered stream.
	 */
	static final int REPLAY_PAGE = 100;

	private static final Object CLOSE = new Object();

	private final UUID student;

	private final StreamPosition resumeFrom;

	private final SseEmitter emitter;

	private final AlertView view;

	private final long heartbeatNanos;

	private final BlockingQueue<Object> queue;

	private final int capacity;

	private final Runnable onDrop;

	private final Consumer<StreamSubscriber> onEnd;

	private final AtomicBoolean open = new AtomicBoolean(true);

	private volatile boolean dropped;

	private volatile StreamPosition snapshot;

	/**
	 * @param student the student whose alerts the client wants, or {@code null} for all
	 * @param resumeFrom the client's {@code Last-Event-ID}, or {@code null} for live
	 * alerts only
	 * @param onDrop run when the view drops the subscriber for falling behind
	 * @param onEnd run once, on the subscriber's thread, when it ends
	 */
	StreamSubscriber(UUID student, StreamPosition resumeFrom, SseEmitter emitter, AlertView view, Duration heartbeat,
			int queue, Runnable onDrop, Consumer<StreamSubscriber> onEnd) {
		this.student = student;
		this.resumeFrom = resumeFrom;
		this.emitter = emitter;
		this.view = view;
		this.heartbeatNanos = heartbeat.toNanos();
		this.queue = new ArrayBlockingQueue<>(queue);
		this.capacity = queue;
		this.onDrop = onDrop;
		this.onEnd = onEnd;
	}

	/** Registers with the view and returns the thread to start. */
	Thread subscribe(String threadName, long stackSize) {
		this.snapshot = this.view.subscribe(this);
		Thread thread = new Thread(null, this, threadName, stackSize);
		thread.setDaemon(true);
		return thread;
	}

	@Override
	public UUID student() {
		return this.student;
	}

	@Override
	public boolean offer(AlertView.LiveAlert alert) {
		return !this.open.get() || this.queue.offer(alert);
	}

	@Override
	public void dropped() {
		this.dropped = true;
		this.onDrop.run();
		close();
	}

	/**
	 * Ends the stream as soon as the thread is free: never waits, so any thread may call
	 * it.
	 */
	void close() {
		if (this.open.compareAndSet(true, false)) {
			// Only the view's reader offers, and it finds the subscriber closed from now
			// on (or offers once more),
			// so after clearing there is room for the end mark.
			this.queue.clear();
			this.queue.offer(CLOSE);
		}
	}

	boolean isOpen() {
		return this.open.get();
	}

	@Override
	public void run() {
		try {
			// Commits the answer's headers at once, so that the client knows the stream
			// is open.
			this.emitter.send(SseEmitter.event().comment(""));
			StreamPosition cursor = replay(this.snapshot);
			long lastWrite = System.nanoTime();
			while (this.open.get()) {
				long wait = this.heartbeatNanos - (System.nanoTime() - lastWrite);
				Object next = (wait > 0) ? this.queue.poll(wait, TimeUnit.NANOSECONDS) : null;
				if (next == CLOSE) {
					break;
				}
				if (next == null) {
					this.emitter.send(SseEmitter.event().comment(""));
					lastWrite = System.nanoTime();
					continue;
				}
				AlertView.LiveAlert live = (AlertView.LiveAlert) next;
				if (!cursor.covers(live.alert().partition(), live.alert().offset())) {
					cursor = cursor.max(live.after());
					send(live.alert(), cursor);
					lastWrite = System.nanoTime();
				}
			}
			this.emitter.complete();
		}
		catch (IOException | IllegalStateException ex) {
			// The client went away or the stream timed out: the container ends the
			// request.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.emitter.complete();
		}
		catch (RuntimeException ex) {
			log.warn("An alert stream failed: {}", ex.toString());
			this.emitter.completeWithError(ex);
		}
		finally {
			this.open.set(false);
			this.queue.clear();
			this.view.unsubscribe(this);
			if (this.dropped) {
				log.info("Dropped an alert stream{} whose client fell {} alerts behind",
						(this.student != null) ? " of student " + this.student : "", this.capacity);
			}
			this.onEnd.accept(this);
		}
	}

	/**
	 * Writes the alerts after the client's {@code Last-Event-ID} up to the view's
	 * position at registration, which the live queue starts after; partition by
	 * partition, in the order of the topic.
	 * @return the position the client has had everything up to
	 */
	private StreamPosition replay(StreamPosition upTo) throws IOException {
		if (this.resumeFrom == null) {
			return upTo;
		}
		StreamPosition cursor = this.resumeFrom;
		if (this.student != null) {
			for (StoredAlert alert : this.view.alertsOf(this.student, this.resumeFrom, upTo)) {
				if (!this.open.get()) {
					return cursor;
				}
				cursor = cursor.with(alert.partition(), alert.offset());
				send(alert, cursor);
			}
			return cursor.max(upTo);
		}
		for (int partition : upTo.partitions()) {
			long after = this.resumeFrom.offset(partition);
			List<StoredAlert> page;
			do {
				page = this.view.alertsIn(partition, after, upTo.offset(partition), REPLAY_PAGE);
				for (StoredAlert alert : page) {
					if (!this.open.get()) {
						return cursor;
					}
					cursor = cursor.with(partition, alert.offset());
					send(alert, cursor);
					after = alert.offset();
				}
			}
			while (page.size() == REPLAY_PAGE);
		}
		return cursor.max(upTo);
	}

	private void send(StoredAlert alert, StreamPosition position) throws IOException {
		this.emitter.send(SseEmitter.event()
			.id(position.toString())
			.name(StruggleDetected.EVENT_TYPE)
			.data(alert.json(), MediaType.APPLICATION_JSON));
	}

}
