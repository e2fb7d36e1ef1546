package com.learnflow.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A token already validated is not validated again until it expires: the same bearer
 * string (the frontend and the trusted services send one token for many requests) is
 * answered from a bounded cache of {@code maxTokens}, each kept no longer than its own
 * {@code exp}. A token that fails validation is never cached.
 */
final class CachingJwtDecoder implements JwtDecoder {

	private final JwtDecoder delegate;

	private final Cache<String, Jwt> validated;

	private final Clock clock;

	CachingJwtDecoder(JwtDecoder delegate, long maxTokens, Clock clock) {
		this.delegate = delegate;
		this.clock = clock;
		this.validated = Caffeine.newBuilder().maximumSize(maxTokens).expireAfter(new Expiry<String, Jwt>() {
			@Override
			public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
				Instant expires = jwt.getExpiresAt();
				return (expires != null) ? Math.max(0, Duration.between(clock.instant(), expires).toNanos()) : 0;
			}

			@Override
			public long expireAfterUpdate(String token, Jwt jwt, long currentTime, long currentDuration) {
				return currentDuration;
			}

			@Override
			public long expireAfterRead(String token, Jwt jwt, long currentTime, long currentDuration) {
				return currentDuration;
			}
		}).build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt jwt = this.validated.getIfPresent(token);
		if (jwt != null && jwt.getExpiresAt() != null && jwt.getExpiresAt().isAfter(this.clock.instant())) {
			return jwt;
		}
		jwt = this.delegate.decode(token);
		if (jwt.getExpiresAt() != null) {
			this.validated.put(token, jwt);
		}
		return jwt;
	}

}
