package com.learnflow.security;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A token authenticated once is answered from the cache until it expires; a refused one
 * is checked every time.
 */
class CachingTokenAuthenticationTests {

	static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

	final AtomicInteger checks = new AtomicInteger();

	/** Stands for the JWT provider: "bad..." fails, "old..." expired a second ago. */
	final AuthenticationManager provider = (request) -> {
		this.checks.incrementAndGet();
		String token = ((BearerTokenAuthenticationToken) request).getToken();
		if (token.startsWith("bad")) {
			throw new InvalidBearerTokenException("bad signature");
		}
		Instant expires = token.startsWith("old") ? NOW.minusSeconds(1) : NOW.plusSeconds(60);
		Jwt jwt = Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject("s")
			.issuedAt(NOW.minusSeconds(10))
			.expiresAt(expires)
			.build();
		return new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority("SCOPE_events:write")));
	};

	@Test
	void aValidTokenIsCheckedOnceWhileItHasNotExpired() {
		CachingTokenAuthentication tokens = at(NOW);
		for (int i = 0; i < 5; i++) {
			JwtAuthenticationToken answer = (JwtAuthenticationToken) tokens
				.authenticate(new BearerTokenAuthenticationToken("good"));
			assertThat(answer.getName()).isEqualTo("s");
			assertThat(answer.getAuthorities()).extracting("authority").containsExactly("SCOPE_events:write");
		}
		assertThat(this.checks).hasValue(1);
	}

	@Test
	void aRefusedTokenIsCheckedEveryTime() {
		CachingTokenAuthentication tokens = at(NOW);
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(InvalidBearerTokenException.class)
				.isThrownBy(() -> tokens.authenticate(new BearerTokenAuthenticationToken("bad")));
		}
		assertThat(this.checks).hasValue(3);
	}

	@Test
	void aCachedTokenPastItsExpiryIsCheckedAgain() {
		CachingTokenAuthentication early = at(NOW);
		early.authenticate(new BearerTokenAuthenticationToken("good"));
		CachingTokenAuthentication late = at(NOW.plusSeconds(61));
		late.authenticate(new BearerTokenAuthenticationToken("good"));
		late.authenticate(new BearerTokenAuthenticationToken("good"));
		assertThat(this.checks).as("an expired entry is never served").hasValue(3);
	}

	@Test
	void anAuthenticationWhoseTokenHasExpiredIsNotKept() {
		CachingTokenAuthentication tokens = at(NOW);
		tokens.authenticate(new BearerTokenAuthenticationToken("old"));
		tokens.authenticate(new BearerTokenAuthenticationToken("old"));
		assertThat(this.checks).hasValue(2);
	}

	@Test
	void differentTokensAreKeptApart() {
		CachingTokenAuthentication tokens = at(NOW);
		assertThat(
				((JwtAuthenticationToken) tokens.authenticate(new BearerTokenAuthenticationToken("good-a"))).getToken()
					.getTokenValue())
			.isEqualTo("good-a");
		assertThat(
				((JwtAuthenticationToken) tokens.authenticate(new BearerTokenAuthenticationToken("good-b"))).getToken()
					.getTokenValue())
			.isEqualTo("good-b");
		assertThat(this.checks).hasValue(2);
	}

	private CachingTokenAuthentication at(Instant now) {
		return new CachingTokenAuthentication(this.provider, 10, Clock.fixed(now, ZoneOffset.UTC));
	}

}
