package com.learnflow.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * A refused request is answered as every other error, {@code application/problem+json},
 * with the RFC 6750 {@code WWW-Authenticate: Bearer} challenge: {@code 401} for a missing
 * or invalid token, {@code 403} ({@code insufficient_scope}) for a valid token without
 * the right. The answer never echoes the token or a claim.
 */
public final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

	/**
	 * What a 403 challenge says to the bearer of a valid token, as Spring Security's
	 * {@code BearerTokenAccessDeniedHandler} says it (that handler asks the servlet API
	 * for the caller, which the API's filter chain leaves out). A request without a token
	 * that is refused anyway (a method or path that nothing serves) gets a plain
	 * {@code Bearer}: RFC 6750 sends no error code to a caller without credentials.
	 */
	static final String INSUFFICIENT_SCOPE = "Bearer error=\"insufficient_scope\", error_description=\"The request"
			+ " requires higher privileges than provided by the access token.\", error_uri=\"https://tools.ietf.org/html/rfc6750#section-3.1\"";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		this.challenge.commence(request, response, ex);
		boolean sent = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
		write(response, HttpStatus.UNAUTHORIZED, sent ? "Invalid bearer token" : "Bearer token required",
				sent ? "The bearer token was refused: " + ex.getMessage()
						: "Send an OAuth 2.0 access token as Authorization: Bearer <token>.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		boolean bearer = SecurityContextHolder.getContext()
			.getAuthentication() instanceof AbstractOAuth2TokenAuthenticationToken<?>;
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, bearer ? INSUFFICIENT_SCOPE : "Bearer");
		write(response, HttpStatus.FORBIDDEN, "Not allowed",
				bearer ? forbiddenDetail(ex) : "Nothing is served for this method and path, with or without a token.");
	}

	/**
	 * The 403 answer for a refusal found by a controller, after the filter chain (for
	 * example another student).
	 */
	public static ResponseEntity<Object> forbidden(AccessDeniedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, forbiddenDetail(ex));
		problem.setTitle("Not allowed");
		return ResponseEntity.status(HttpStatus.FORBIDDEN)
			.header(HttpHeaders.WWW_AUTHENTICATE, INSUFFICIENT_SCOPE)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	/** What a 403 says: that the token is valid, and what it does not allow. */
	public static String forbiddenDetail(AccessDeniedException ex) {
		return "The token is valid but does not allow this: " + ex.getMessage() + ".";
	}

	/** The 429 answer of the write rate limit. */
	static void tooManyRequests(HttpServletResponse response, long retryAfterSeconds) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests", tooManyRequestsDetail(retryAfterSeconds));
	}

	/** What a 429 says: that the subject is over its rate limit, and when to retry. */
	public static String tooManyRequestsDetail(long retryAfterSeconds) {
		return "This token's subject has sent more events than its rate limit allows; retry after " + retryAfterSeconds
				+ " s.";
	}

	private static void write(HttpServletResponse response, HttpStatus status, String title, String detail)
			throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(JSON.writeValueAsBytes(problem));
	}

}
