package com.learnflow.struggle.alerts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.learnflow.test.HttpJson;
import com.learnflow.test.TestTokens;

/**
 * A client of the alert stream over real HTTP/1.1, as a browser's EventSource reads it:
 * the answer's status and headers, then each event (id, name, data) and each comment
 * line, as they arrive, on a thread of its own.
 */
final class EventStream implements AutoCloseable {

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/**
	 * @param id the event's id
	 * @param name the event's name
	 * @param data the event's data
	 */
	record Event(String id, String name, String data) {
	}

	private final HttpResponse<InputStream> response;

	private final List<Event> events = new CopyOnWriteArrayList<>();

	private final List<String> comments = new CopyOnWriteArrayList<>();

	private volatile String body;

	private volatile boolean ended;

	private EventStream(HttpResponse<InputStream> response) {
		this.response = response;
		if (response.statusCode() == 200) {
			Thread reader = new Thread(this::read, "event-stream-client");
			reader.setDaemon(true);
			reader.start();
		}
		else {
			try (InputStream in = response.body()) {
				this.body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.ended = true;
		}
	}

	/**
	 * Opens {@code /api/v1/struggles/stream} with the query (such as {@code user_id=...},
	 * or empty) and headers.
	 */
	static EventStream open(int port, String query, Map<String, List<String>> headers) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI
				.create("http://127.0.0.1:" + port + "/api/v1/struggles/stream" + (query.isEmpty() ? "" : "?" + query)))
			.header("Accept", "text/event-stream");
		if (!headers.containsKey(HttpJson.AUTHORIZATION)) {
			request.header(HttpJson.AUTHORIZATION, "Bearer " + TestTokens.all());
		}
		headers.forEach((name, values) -> values.forEach((value) -> request.header(name, value)));
		try {
			return new EventStream(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static EventStream open(int port, String query) {
		return open(port, query, Map.of());
	}

	int status() {
		return this.response.statusCode();
	}

	String header(String name) {
		return this.response.headers().firstValue(name).orElse(null);
	}

	/** The body of an answer other than 200. */
	String body() {
		return this.body;
	}

	List<Event> events() {
		return List.copyOf(this.events);
	}

	List<String> comments() {
		return List.copyOf(this.comments);
	}

	/** Whether the server has ended the stream. */
	boolean ended() {
		return this.ended;
	}

	private void read() {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.response.body(), StandardCharsets.UTF_8))) {
			String id = null;
			String name = null;
			List<String> data = new ArrayList<>();
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				if (line.isEmpty()) {
					if (!data.isEmpty()) {
						this.events.add(new Event(id, name, String.join("\n", data)));
					}
					id = null;
					name = null;
					data = new ArrayList<>();
				}
				else if (line.startsWith(":")) {
					this.comments.add(line);
				}
				else {
					int colon = line.indexOf(':');
					String field = (colon >= 0) ? line.substring(0, colon) : line;
					String value = (colon >= 0) ? line.substring(colon + 1) : "";
					value = value.startsWith(" ") ? value.substring(1) : value;
					switch (field) {
						case "id" -> id = value;
						case "event" -> name = value;
						case "data" -> data.add(value);
						default -> {
						}
					}
				}
			}
		}
		catch (IOException ex) {
			// Closed by the test, or the connection went away.
		}
		finally {
			this.ended = true;
		}
	}

	@Override
	public void close() {
		try {
			this.response.body().close();
		}
		catch (IOException ex) {
			// Closing is all that is wanted.
		}
	}

}
