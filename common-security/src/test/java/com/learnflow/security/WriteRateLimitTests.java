package com.learnflow.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write rate limit as a table: who posts how many times at once, and how many of them
 * pass before the 429.
 */
class WriteRateLimitTests {

	/** 1 per second with bursts of 3 for a student, 5 for a service. */
	final WriteRateLimit limit = new WriteRateLimit(new WriteQuota(
			new SecurityProperties("https://issuer.test", 1, 3, 1, 5, 1000, Duration.ofMinutes(10), 100)));

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@ParameterizedTest(name = "{0} {1}s {2} times: {3} pass")
	@CsvSource({ "student, POST, 10, 3", "service, POST, 10, 5", "student, GET, 10, 10", "nobody, POST, 10, 10" })
	void aSubjectPassesItsBurstThenGets429WithRetryAfter(String who, String method, int requests, int passing)
			throws Exception {
		if (!who.equals("nobody")) {
			String scope = who.equals("student") ? Scopes.EVENTS_WRITE_SELF : Scopes.EVENTS_WRITE;
			Jwt jwt = Jwt.withTokenValue("t")
				.header("alg", "RS256")
				.subject(who + "-1")
				.claim("scope", scope)
				.issuedAt(Instant.now())
				.expiresAt(Instant.now().plusSeconds(60))
				.build();
			SecurityContextHolder.getContext()
				.setAuthentication(
						new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority(Scopes.authority(scope)))));
		}
		long start = System.nanoTime();
		List<MockHttpServletResponse> answers = IntStream.range(0, requests).mapToObj((i) -> post(method)).toList();
		// The bucket refills by one each second: a slow machine may let one more through
		// per second taken.
		long refilled = Duration.ofNanos(System.nanoTime() - start).toSeconds();

		assertThat(answers).filteredOn((answer) -> answer.getStatus() == 200)
			.size()
			.isBetween(passing, (int) Math.min(requests, passing + refilled));
		answers.stream().filter((answer) -> answer.getStatus() != 200).forEach((answer) -> {
			assertThat(answer.getStatus()).isEqualTo(429);
			assertThat(answer.getHeader("Retry-After")).isEqualTo("1");
			assertThat(answer.getContentType()).isEqualTo("application/problem+json");
		});
	}

	@ParameterizedTest(name = "a wait of {0} ns: Retry-After {1}")
	@CsvSource({ "0, 1", "1, 1", "999999999, 1", "1000000000, 1", "1000000001, 2", "2500000000, 3" })
	void retryAfterIsTheWaitInWholeSecondsRoundedUp(long nanosToWait, long seconds) {
		assertThat(WriteQuota.retryAfterSeconds(nanosToWait)).isEqualTo(seconds);
	}

	private MockHttpServletResponse post(String method) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/v1/submissions");
		MockHttpServletResponse response = new MockHttpServletResponse();
		try {
			this.limit.doFilter(request, response, new MockFilterChain());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return response;
	}

}
