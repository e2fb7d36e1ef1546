package com.learnflow.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;

/**
 * Real HTTP to a service under test, JSON in and out, as the frontend sends it: with a
 * bearer token of every scope ({@link TestTokens#all()}) unless the headers name an
 * {@code Authorization} of their own; an empty one sends none.
 */
public final class HttpJson {

	public static final String AUTHORIZATION = "Authorization";

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private HttpJson() {
	}

	public static HttpResponse<String> post(int port, String path, String json) {
		return send(port, "POST", path, "application/json", json, Map.of());
	}

	public static HttpResponse<String> post(int port, String path, String json, Map<String, String> headers) {
		return send(port, "POST", path, "application/json", json, headers);
	}

	/** A JSON POST whose body is sent in chunks, without a Content-Length. */
	public static HttpResponse<String> postChunked(int port, String path, String json) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Content-Type", "application/json")
			.header(AUTHORIZATION, "Bearer " + TestTokens.all())
			.POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(json)))
			.timeout(Duration.ofSeconds(30))
			.build();
		try {
			return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Waits until the service's readiness probe answers this status (200 ready, 503 not),
	 * at most {@code within}.
	 */
	public static void awaitReadiness(int port, int status, Duration within) {
		Awaitility.await().atMost(within).until(() -> get(port, "/actuator/health/readiness").statusCode() == status);
	}

	public static HttpResponse<String> get(int port, String path) {
		return send(port, "GET", path, null, null, Map.of("Accept", "*/*"));
	}

	/** Any request; a {@code null} body sends none. */
	public static HttpResponse<String> send(int port, String method, String path, String contentType, String body,
			Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(30));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (!headers.containsKey("Accept")) {
			request.header("Accept", "application/json, application/problem+json");
		}
		if (!headers.containsKey(AUTHORIZATION)) {
			request.header(AUTHORIZATION, "Bearer " + TestTokens.all());
		}
		headers.forEach((name, value) -> {
			if (!value.isEmpty()) {
				request.header(name, value);
			}
		});
		try {
			return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
