package com.learnflow.security;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who sent the request being answered, as its validated bearer token says: the subject
 * and the scopes. Only a student may speak for herself: a {@code :self} scope covers the
 * student whose user_id is the token's {@code sub}.
 *
 * @param subject the token's {@code sub}
 * @param scopes the token's scopes
 */
public record Caller(String subject, Set<String> scopes) {

	private static final String SCOPE_PREFIX = "SCOPE_";

	/**
	 * The caller of the current request; the security filter chain has already refused a
	 * request without one.
	 */
	public static Caller current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			throw new AccessDeniedException("the request carries no validated bearer token");
		}
		// A loop, not a stream: this runs twice for every request.
		Set<String> scopes = new HashSet<>();
		for (GrantedAuthority authority : token.getAuthorities()) {
			String name = authority.getAuthority();
			if (name != null && name.startsWith(SCOPE_PREFIX)) {
				scopes.add(name.substring(SCOPE_PREFIX.length()));
			}
		}
		return new Caller(token.getName(), Collections.unmodifiableSet(scopes));
	}

	/**
	 * Events about this student may be posted with {@code events:write}, or
	 * {@code events:write:self} as her.
	 */
	public void requireWriteFor(UUID student) {
		require(Scopes.EVENTS_WRITE, Scopes.EVENTS_WRITE_SELF, student, "post events");
	}

	/**
	 * This student's alerts may be read with {@code struggles:read}, or
	 * {@code struggles:read:self} as her.
	 */
	public void requireReadOf(UUID student) {
		require(Scopes.STRUGGLES_READ, Scopes.STRUGGLES_READ_SELF, student, "read the alerts");
	}

	/**
	 * Every student's alerts may be read or streamed with {@code struggles:read} only.
	 */
	public void requireReadOfAll() {
		if (!this.scopes.contains(Scopes.STRUGGLES_READ)) {
			throw new AccessDeniedException("reading the alerts of all students requires the scope "
					+ Scopes.STRUGGLES_READ + "; with " + Scopes.STRUGGLES_READ_SELF + ", name your own user_id");
		}
	}

	/**
	 * Whether the token speaks for one student only (a {@code :self} scope and no wider
	 * one).
	 */
	public boolean isStudent() {
		return !this.scopes.contains(Scopes.EVENTS_WRITE) && this.scopes.contains(Scopes.EVENTS_WRITE_SELF);
	}

	private void require(String any, String self, UUID student, String what) {
		if (this.scopes.contains(any)) {
			return;
		}
		if (!this.scopes.contains(self)) {
			throw new AccessDeniedException("to " + what + " requires the scope " + any + " or " + self);
		}
		if (!this.subject.equals(student.toString())) {
			throw new AccessDeniedException("with " + self + " a token may " + what + " of its own subject only,"
					+ " and user_id is another student");
		}
	}

}
