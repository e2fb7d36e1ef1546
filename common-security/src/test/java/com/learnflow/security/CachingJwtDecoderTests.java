package com.learnflow.security;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A validated token is validated once until it expires; a refused one every time. */
class CachingJwtDecoderTests {

	static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

	final AtomicInteger validations = new AtomicInteger();

	final JwtDecoder validating = (token) -> {
		this.validations.incrementAndGet();
		if (token.startsWith("bad")) {
			throw new BadJwtException("bad signature");
		}
		return Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject("s")
			.issuedAt(NOW.minusSeconds(10))
			.expiresAt(NOW.plusSeconds(60))
			.build();
	};

	@Test
	void aValidTokenIsValidatedOnceWhileItHasNotExpired() {
		CachingJwtDecoder decoder = new CachingJwtDecoder(this.validating, 10, Clock.fixed(NOW, ZoneOffset.UTC));
		for (int i = 0; i < 5; i++) {
			assertThat(decoder.decode("good").getSubject()).isEqualTo("s");
		}
		assertThat(this.validations).hasValue(1);
	}

	@Test
	void aRefusedTokenIsValidatedEveryTime() {
		CachingJwtDecoder decoder = new CachingJwtDecoder(this.validating, 10, Clock.fixed(NOW, ZoneOffset.UTC));
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode("bad"));
		}
		assertThat(this.validations).hasValue(3);
	}

	@Test
	void aCachedTokenPastItsExpiryIsValidatedAgain() {
		CachingJwtDecoder early = new CachingJwtDecoder(this.validating, 10, Clock.fixed(NOW, ZoneOffset.UTC));
		early.decode("good");
		CachingJwtDecoder late = new CachingJwtDecoder(this.validating, 10,
				Clock.fixed(NOW.plusSeconds(61), ZoneOffset.UTC));
		late.decode("good");
		late.decode("good");
		assertThat(this.validations).as("an expired entry is never served").hasValue(3);
	}

}
