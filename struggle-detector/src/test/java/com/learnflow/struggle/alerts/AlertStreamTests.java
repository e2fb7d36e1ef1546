package com.learnflow.struggle.alerts;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.learnflow.test.HttpJson;
import com.learnflow.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The alert stream over real HTTP on a real broker, with the small bounds of
 * {@link AlertsIntegrationTest}: a client that stops reading delays no other and is
 * dropped; the caps answer a problem with Retry-After; a silent stream carries
 * heartbeats; a reconnect with Last-Event-ID gets exactly the alerts it missed, then live
 * ones; a malformed Last-Event-ID is a 400; open streams end when the replica stops
 * serving them.
 */
@AlertsIntegrationTest
class AlertStreamTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	KafkaConnectionDetails kafka;

	@Autowired
	AlertsProperties properties;

	@Autowired
	AlertStreams streams;

	@Autowired
	MeterRegistry registry;

	AlertWriter writer;

	@BeforeEach
	void ready() {
		HttpJson.awaitReadiness(this.port, 200, Duration.ofSeconds(60));
		this.writer = new AlertWriter(this.kafka.getBootstrapServers().get(0));
	}

	@AfterEach
	void closeWriter() {
		this.writer.close();
	}

	@Test
	void aClientThatStopsReadingDelaysNoOtherAndIsDropped() throws Exception {
		UUID follower = UUID.randomUUID();
		double droppedBefore = dropped();
		int subscribersBefore = this.streams.subscribers();
		try (Socket stalled = new Socket()) {
			// Asks for every alert, then never reads: its TCP buffers fill and the
			// server's writes to it block.
			stalled.setReceiveBufferSize(1024);
			stalled.connect(new InetSocketAddress("127.0.0.1", this.port));
			OutputStream request = stalled.getOutputStream();
			request.write(("GET /api/v1/struggles/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
					+ "Authorization: Bearer " + TestTokens.all() + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			request.flush();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.streams.subscribers() == subscribersBefore + 1);

			try (EventStream other = EventStream.open(this.port, "user_id=" + follower)) {
				await().atMost(Duration.ofSeconds(5)).until(() -> !other.comments().isEmpty());
				Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
				for (int round = 0; dropped() == droppedBefore; round++) {
					assertThat(round).as("rounds of 300 alerts before the stalled client is dropped").isLessThan(50);
					this.writer.burst(300, now);
					String probe = "probe_" + round;
					this.writer.alert(follower, probe, now);
					await().atMost(Duration.ofSeconds(5))
						.alias("the other client gets its alert while the stalled one is stuck")
						.until(() -> other.events().stream().anyMatch((event) -> event.data().contains(probe)));
				}
				this.writer.alert(follower, "after_the_drop", now);
				await().atMost(Duration.ofSeconds(5))
					.until(() -> other.events().stream().anyMatch((event) -> event.data().contains("after_the_drop")));
			}
			// The stalled client's thread ends once its blocked write times out (3 s
			// here), and gives back its place.
			await().atMost(Duration.ofSeconds(20)).until(() -> this.streams.subscribers() == subscribersBefore);
		}
		assertThat(dropped()).isEqualTo(droppedBefore + 1);
	}

	@Test
	void beyondTheCapsAStreamIsRefusedWithAProblemAndRetryAfter() {
		AlertsProperties.Stream caps = this.properties.stream();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.streams.subscribers() == 0);
		UUID student = UUID.randomUUID();
		List<EventStream> open = new ArrayList<>();
		try {
			for (int i = 0; i < caps.subscribersPerStudent(); i++) {
				open.add(EventStream.open(this.port, "user_id=" + student));
			}
			assertThat(open).allSatisfy((stream) -> assertThat(stream.status()).isEqualTo(200));
			assertRefused(EventStream.open(this.port, "user_id=" + student), 429, "10",
					"Too many streams for this student");
			while (open.size() < caps.subscribers()) {
				open.add(EventStream.open(this.port, "user_id=" + UUID.randomUUID()));
			}
			assertThat(open).allSatisfy((stream) -> assertThat(stream.status()).isEqualTo(200));
			assertRefused(EventStream.open(this.port, ""), 503, "5", "Too many streams on this replica");
			assertRefused(EventStream.open(this.port, "user_id=" + UUID.randomUUID()), 503, "5",
					"Too many streams on this replica");
		}
		finally {
			open.forEach(EventStream::close);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.streams.subscribers() == 0);
		assertThat(HttpJson.get(this.port, "/actuator/prometheus").body())
			.containsPattern("learnflow_alert_stream_refused_total\\{limit=\"student\"} [1-9]")
			.containsPattern("learnflow_alert_stream_refused_total\\{limit=\"replica\"} [1-9]")
			.contains("learnflow_alert_stream_subscribers ")
			.contains("learnflow_alert_stream_dropped_total ");
	}

	@Test
	void aSilentStreamCarriesAHeartbeatComment() {
		try (EventStream stream = EventStream.open(this.port, "user_id=" + UUID.randomUUID())) {
			// One comment at once when the stream opens, then one per (1 s) heartbeat.
			await().atMost(Duration.ofSeconds(5)).until(() -> stream.comments().size() >= 3);
			assertThat(stream.comments()).containsOnly(":");
			assertThat(stream.events()).isEmpty();
		}
	}

	@ParameterizedTest(name = "filtered by student: {0}")
	@ValueSource(booleans = { true, false })
	void aReconnectWithLastEventIdGetsExactlyTheAlertsItMissedThenLiveOnes(boolean filtered) {
		UUID student = UUID.randomUUID();
		String query = filtered ? "user_id=" + student : "";
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		String lastEventId;
		try (EventStream first = EventStream.open(this.port, query)) {
			await().atMost(Duration.ofSeconds(5)).until(() -> !first.comments().isEmpty());
			this.writer.alert(student, "seen", now);
			lastEventId = await().atMost(Duration.ofSeconds(10))
				.until(() -> alertsOf(student, first).stream().filter((e) -> type(e).equals("seen")).findFirst(),
						java.util.Optional::isPresent)
				.get()
				.id();
		}
		this.writer.alert(student, "missed_1", now.plusMillis(1));
		this.writer.alert(UUID.randomUUID(), "someone_elses", now);
		this.writer.alert(student, "missed_2", now.plusMillis(2));
		// Both are in the view before the reconnect, so that they come from it and not
		// from the live queue.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> HttpJson.get(this.port, "/api/v1/users/" + student + "/struggles")
				.body()
				.contains("missed_2"));

		try (EventStream second = EventStream.open(this.port, query,
				Map.of(StruggleController.LAST_EVENT_ID, List.of(lastEventId)))) {
			await().atMost(Duration.ofSeconds(10)).until(() -> alertsOf(student, second).size() >= 2);
			this.writer.alert(student, "live", now.plusMillis(3));
			await().atMost(Duration.ofSeconds(10)).until(() -> alertsOf(student, second).size() >= 3);
			assertThat(alertsOf(student, second).stream().map(AlertStreamTests::type)).containsExactly("missed_1",
					"missed_2", "live");
			assertThat(second.events().stream().map(EventStream.Event::id)).doesNotHaveDuplicates();
			assertThat(second.events()).allSatisfy((event) -> {
				assertThat(event.name()).isEqualTo("struggle_detected");
				assertThat(event.id()).matches("[0-9]+:[0-9]+(,[0-9]+:[0-9]+)*");
			});
		}
	}

	static Stream<String> malformedLastEventIds() {
		StringBuilder tooLong = new StringBuilder("0:1");
		for (int partition = 1; tooLong.length() <= StreamPosition.MAX_LENGTH; partition++) {
			tooLong.append(',').append(partition).append(":123456789");
		}
		return Stream.of("garbage", "0:1,0:2", "1:1,0:1", "0:99999999999999999999", "0:-1", "0:1;DROP TABLE",
				tooLong.toString());
	}

	@ParameterizedTest
	@MethodSource("malformedLastEventIds")
	void aMalformedLastEventIdIsABadRequestNamingIt(String lastEventId) {
		EventStream refused = EventStream.open(this.port, "",
				Map.of(StruggleController.LAST_EVENT_ID, List.of(lastEventId)));
		JsonNode problem = assertProblem(refused, 400, "Invalid Last-Event-ID");
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("Last-Event-ID");
	}

	@Test
	void aLastEventIdSentTwiceIsABadRequest() {
		EventStream refused = EventStream.open(this.port, "",
				Map.of(StruggleController.LAST_EVENT_ID, List.of("0:1", "1:2")));
		assertProblem(refused, 400, "Invalid Last-Event-ID");
	}

	@Test
	void openStreamsEndWhenTheReplicaStopsServingThem() {
		try (EventStream stream = EventStream.open(this.port, "")) {
			await().atMost(Duration.ofSeconds(5)).until(() -> !stream.comments().isEmpty());
			this.streams.stop();
			try {
				await().atMost(Duration.ofSeconds(3)).until(stream::ended);
				assertThat(this.streams.subscribers()).isZero();
			}
			finally {
				this.streams.start();
			}
		}
	}

	private static void assertRefused(EventStream refused, int status, String retryAfter, String title) {
		assertProblem(refused, status, title);
		assertThat(refused.header("Retry-After")).isEqualTo(retryAfter);
	}

	private static JsonNode assertProblem(EventStream refused, int status, String title) {
		assertThat(refused.status()).isEqualTo(status);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		JsonNode problem = JSON.readTree(refused.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isEqualTo(title);
		assertThat(problem.get("detail").asString()).isNotBlank();
		assertThat(refused.body()).doesNotContain("Exception", "\tat ", "trace");
		return problem;
	}

	private static List<EventStream.Event> alertsOf(UUID student, EventStream stream) {
		return stream.events().stream().filter((event) -> event.data().contains(student.toString())).toList();
	}

	private static String type(EventStream.Event event) {
		return JSON.readTree(event.data()).get("struggle_type").asString();
	}

	private double dropped() {
		return this.registry.get("learnflow.alert.stream.dropped").counter().count();
	}

}
