package com.learnflow.security;

import java.io.IOException;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Each token subject may post at most so many events per second (a token bucket): a student's token
 * {@code studentsPerSecond} with bursts of {@code studentsBurst}, a trusted service's {@code servicesPerSecond}; beyond
 * it a {@code 429} with {@code Retry-After}. The buckets of at most {@code maxSubjects} students and as many services
 * are kept, so that the limit's memory is bounded whatever the number of callers.
 */
final class WriteRateLimit extends OncePerRequestFilter {

	private static final String ALREADY_FILTERED = WriteRateLimit.class.getName() + ALREADY_FILTERED_SUFFIX;

	private static final long NANOS_PER_SECOND = Duration.ofSeconds(1).toNanos();

	private final SecurityProperties properties;

	/** The buckets of students' and of services' subjects, apart: a token's subject is the key as it is. */
	private final Cache<String, Bucket> studentBuckets;

	private final Cache<String, Bucket> serviceBuckets;

	WriteRateLimit(SecurityProperties properties) {
		this.properties = properties;
		this.studentBuckets = buckets(properties);
		this.serviceBuckets = buckets(properties);
	}

	/** A fixed name: Spring's default joins the filter's name and a suffix into a new string on every request. */
	@Override
	protected String getAlreadyFilteredAttributeName() {
		return ALREADY_FILTERED;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !request.getRequestURI().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken token) {
			boolean student = Caller.current().isStudent();
			Bucket bucket = (student ? this.studentBuckets : this.serviceBuckets).get(token.getName(),
					(subject) -> bucket(student));
			ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
			if (!probe.isConsumed()) {
				SecurityProblems.tooManyRequests(response, retryAfterSeconds(probe.getNanosToWaitForRefill()));
				return;
			}
		}
		chain.doFilter(request, response);
	}

	/** Retry-After is the wait in whole seconds, rounded up and at least one: exactly one second is "1", not "2". */
	static long retryAfterSeconds(long nanosToWait) {
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
