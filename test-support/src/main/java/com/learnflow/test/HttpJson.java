package com.learnflow.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP to a service under test, JSON in and out, as the frontend sends it. */
public final class HttpJson {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private HttpJson() {
	}

	public static HttpResponse<String> post(int port, String path, String json) {
		return post(port, path, "application/json", json);
	}

	public static HttpResponse<String> post(int port, String path, String contentType, String body) {
		return send(HttpRequest.newBuilder(uri(port, path))
			.header("Content-Type", contentType)
			.header("Accept", "application/json, application/problem+json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.timeout(Duration.ofSeconds(30))
			.build());
	}

	public static HttpResponse<String> get(int port, String path) {
		return send(HttpRequest.newBuilder(uri(port, path)).GET().timeout(Duration.ofSeconds(30)).build());
	}

	private static URI uri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	private static HttpResponse<String> send(HttpRequest request) {
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

}
