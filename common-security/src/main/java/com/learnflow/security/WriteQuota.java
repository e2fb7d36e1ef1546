package com.learnflow.security;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Each token subject may post at most so many events per second (a token bucket): a
 * student's token {@code studentsPerSecond} with bursts of {@code studentsBurst}, a
 * trusted service's {@code servicesPerSecond} with bursts of {@code servicesBurst}. The
 * buckets of at most {@code maxSubjects} students and as many services are kept, so that
 * the limit's memory is bounded whatever the number of callers.
 */
public final class WriteQuota {

	private static final long NANOS_PER_SECOND = Duration.ofSeconds(1).toNanos();

	private final SecurityProperties properties;

	/**
	 * The buckets of students' and of services' subjects, apart: a token's subject is the
	 * key as it is.
	 */
	private final Cache<String, Bucket> studentBuckets;

	private final Cache<String, Bucket> serviceBuckets;

	public WriteQuota(SecurityProperties properties) {
		this.properties = properties;
		this.studentBuckets = buckets(properties);
		this.serviceBuckets = buckets(properties);
	}

	/**
	 * Takes this many events from the caller's bucket, or nothing.
	 * @return 0 when they were taken, otherwise how many nanoseconds until they would be
	 * there
	 */
	public long take(Caller caller, long events) {
		boolean student = caller.isStudent();
		Bucket bucket = (student ? this.studentBuckets : this.serviceBuckets).get(caller.subject(),
				(subject) -> bucket(student));
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(events);
		return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
	}

	/** The most events the caller may post at once: more can never be taken in one go. */
	public long burstOf(Caller caller) {
		return caller.isStudent() ? this.properties.studentsBurst() : this.properties.servicesBurst();
	}

	/**
	 * Retry-After is the wait in whole seconds, rounded up and at least one: exactly one
	 * second is "1", not "2".
	 */
	public static long retryAfterSeconds(long nanosToWait) {
		return Math.max(1, (nanosToWait + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
	}

	private static Cache<String, Bucket> buckets(SecurityProperties properties) {
		return Caffeine.newBuilder()
			.maximumSize(properties.maxSubjects())
			.expireAfterAccess(properties.idleBucketExpiry())
			.build();
	}

	private Bucket bucket(boolean student) {
		int perSecond = student ? this.properties.studentsPerSecond() : this.properties.servicesPerSecond();
		int burst = student ? this.properties.studentsBurst() : this.properties.servicesBurst();
		return Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
			.build();
	}

}
