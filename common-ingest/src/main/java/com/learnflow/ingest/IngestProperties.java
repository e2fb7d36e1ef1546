package com.learnflow.ingest;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the ingest services, under {@code learnflow.ingest.*}.
 *
 * @param maxBodySize the largest request body accepted; a larger one is answered 413
 * @param retryAfter what a 503 answer's {@code Retry-After} tells the client to wait
 * @param idempotency how long and in how much memory each instance remembers its
 * {@code Idempotency-Key}s
 * @param cors the frontend origins allowed to call the API from a browser; none by
 * default
 * @param batch how large a batch may be, and how many are read at once
 */
@ConfigurationProperties("learnflow.ingest")
public record IngestProperties(@DefaultValue("64KB") DataSize maxBodySize, @DefaultValue("5s") Duration retryAfter,
		@DefaultValue Idempotency idempotency, @DefaultValue Cors cors, @DefaultValue Batch batch) {

	/**
	 * {@code retryAfter} as a {@code Retry-After} header gives it: whole seconds, at
	 * least one.
	 */
	public long retryAfterSeconds() {
		return Math.max(1, this.retryAfter.toSeconds());
	}

	/**
	 * @param ttl how long an answered key is remembered by the instance that answered it
	 * @param maxSize how much memory the remembered answers may take at most, estimated
	 * from each key, the hash of its request and the answer; beyond it, answers are
	 * forgotten before their ttl
	 */
	public record Idempotency(@DefaultValue("24h") Duration ttl, @DefaultValue("32MB") DataSize maxSize) {
	}

	/**
	 * @param allowedOrigins origins such as {@code https://app.learnflow.com}; empty
	 * turns CORS off
	 * @param maxAge how long a browser may cache a preflight answer
	 */
	public record Cors(@DefaultValue List<String> allowedOrigins, @DefaultValue("1h") Duration maxAge) {
	}

	/**
	 * The batch endpoints' bounds: the memory they take is at most about
	 * {@code maxConcurrent} times {@code maxBodySize} for the bodies, and a few times
	 * that for their parsed items.
	 *
	 * @param maxEvents the most events in one batch
	 * @param maxBodySize the largest batch body accepted; a larger one is answered 413
	 * @param maxConcurrent how many batches are read and validated at once; others wait
	 * for their turn, at most {@code maxWait}
	 * @param maxWait how long a batch waits for its turn before it is answered 503
	 */
	public record Batch(@DefaultValue("500") int maxEvents, @DefaultValue("2MB") DataSize maxBodySize,
			@DefaultValue("4") int maxConcurrent, @DefaultValue("5s") Duration maxWait) {

		public Batch {
			if (maxEvents < 1 || maxConcurrent < 1) {
				throw new IllegalArgumentException(
						"learnflow.ingest.batch.max-events and max-concurrent must be at" + " least 1");
			}
		}

	}

}
