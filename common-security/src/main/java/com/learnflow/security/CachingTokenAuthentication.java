package com.learnflow.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A token already authenticated is neither validated nor converted again until it
 * expires: the same bearer string (the frontend and the trusted services send one token
 * for many requests) is answered from a bounded cache of {@code maxTokens}
 * authentications, each kept no longer than its token's own {@code exp}. A token that
 * fails is never cached.
 */
final class CachingTokenAuthentication implements AuthenticationManager {

	private final AuthenticationManager delegate;

	private final Cache<String, JwtAuthenticationToken> authenticated;

	private final Clock clock;

	/**
	 * @param delegate validates a bearer token and turns it into a
	 * {@link JwtAuthenticationToken} (Spring Security's JWT provider)
	 * @param maxTokens how many authentications are kept at most
	 * @param clock the time an entry's expiry is checked against
	 */
	CachingTokenAuthentication(AuthenticationManager delegate, long maxTokens, Clock clock) {
		this.delegate = delegate;
		this.clock = clock;
		this.authenticated = Caffeine.newBuilder()
			.maximumSize(maxTokens)
			.expireAfter(new Expiry<String, JwtAuthenticationToken>() {
				@Override
				public long expireAfterCreate(String token, JwtAuthenticationToken authentication, long currentTime) {
					return Math.max(0,
							Duration.between(clock.instant(), authentication.getToken().getExpiresAt()).toNanos());
				}

				@Override
				public long expireAfterUpdate(String token, JwtAuthenticationToken authentication, long currentTime,
						long currentDuration) {
					return currentDuration;
				}

				@Override
				public long expireAfterRead(String token, JwtAuthenticationToken authentication, long currentTime,
						long currentDuration) {
					return currentDuration;
				}
			})
			.build();
	}

	@Override
	public Authentication authenticate(Authentication request) throws AuthenticationException {
		if (!(request instanceof BearerTokenAuthenticationToken bearer)) {
			return this.delegate.authenticate(request);
		}
		JwtAuthenticationToken cached = this.authenticated.getIfPresent(bearer.getToken());
		if (cached != null && cached.getToken().getExpiresAt().isAfter(this.clock.instant())) {
			return cached;
		}
		Authentication result = this.delegate.authenticate(request);
		if (result instanceof JwtAuthenticationToken authentication && expires(authentication)) {
			this.authenticated.put(bearer.getToken(), authentication);
		}
		return result;
	}

	private boolean expires(JwtAuthenticationToken authentication) {
		Instant expiresAt = authentication.getToken().getExpiresAt();
		return expiresAt != null && expiresAt.isAfter(this.clock.instant());
	}

}
