package com.learnflow.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every write request takes one event from its token subject's {@link WriteQuota} (a
 * batch takes the rest of its events when it has read them); beyond the quota the answer
 * is a {@code 429} with {@code Retry-After}.
 */
final class WriteRateLimit extends OncePerRequestFilter {

	private static final String ALREADY_FILTERED = WriteRateLimit.class.getName() + ALREADY_FILTERED_SUFFIX;

	private final WriteQuota quota;

	WriteRateLimit(WriteQuota quota) {
		this.quota = quota;
	}

	/**
	 * A fixed name: Spring's default joins the filter's name and a suffix into a new
	 * string on every request.
	 */
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
		if (authentication instanceof JwtAuthenticationToken) {
			long wait = this.quota.take(Caller.current(), 1);
			if (wait > 0) {
				SecurityProblems.tooManyRequests(response, WriteQuota.retryAfterSeconds(wait));
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
