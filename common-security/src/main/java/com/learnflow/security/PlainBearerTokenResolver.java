package com.learnflow.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Reads the token of {@code Authorization: Bearer <token>} (RFC 6750's b64token: letters,
 * digits and {@code -._~+/}, then {@code =} padding) in one pass, as Spring Security's
 * {@code DefaultBearerTokenResolver} does with a case-insensitive regular expression,
 * which profiling showed cost more per request than the rest of the security chain
 * together. A header of another scheme is no token; a malformed one is an
 * {@code invalid_token}.
 */
final class PlainBearerTokenResolver implements BearerTokenResolver {

	private static final String SCHEME = "Bearer";

	/** b64token's characters, looked up by ASCII code. */
	private static final boolean[] TOKEN_CHARACTERS = tokenCharacters();

	@Override
	public String resolve(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			return null;
		}
		if (header.length() <= SCHEME.length() + 1 || header.charAt(SCHEME.length()) != ' '
				|| !isB64Token(header, SCHEME.length() + 1)) {
			throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
		}
		return header.substring(SCHEME.length() + 1);
	}

	private static boolean isB64Token(String text, int from) {
		int i = from;
		while (i < text.length() && isTokenCharacter(text.charAt(i))) {
			i++;
		}
		if (i == from) {
			return false;
		}
		while (i < text.length() && text.charAt(i) == '=') {
			i++;
		}
		return i == text.length();
	}

	private static boolean isTokenCharacter(char c) {
		return c < TOKEN_CHARACTERS.length && TOKEN_CHARACTERS[c];
	}

	private static boolean[] tokenCharacters() {
		boolean[] allowed = new boolean[128];
		for (char c = 0; c < allowed.length; c++) {
			allowed[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
		}
		return allowed;
	}

}
