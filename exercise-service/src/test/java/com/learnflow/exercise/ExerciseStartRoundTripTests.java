package com.learnflow.exercise;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.learnflow.test.HttpJson;
import com.learnflow.test.IngestRoundTrip;
import com.learnflow.test.OpenApiDocument;
import com.learnflow.test.RefusedRequest;
import com.learnflow.test.TopicRecords;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP to the broker and back: an exercise start is answered 202 with the position of a
 * record on {@code exercise.started} that carries exactly the documented JSON, keyed by
 * {@code user_id}. Runs against the broker of each subclass.
 */
abstract class ExerciseStartRoundTripTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	KafkaConnectionDetails kafka;

	/** The time this far from now, in whole seconds, as a JSON string. */
	static String fromNow(Duration offset) {
		return "\"" + Instant.now().plus(offset).truncatedTo(ChronoUnit.SECONDS) + "\"";
	}

	@Test
	void anExerciseStartIsOnExerciseStartedKeyedByUser() {
		UUID user = UUID.randomUUID();
		UUID exercise = UUID.randomUUID();
		String startedAt = fromNow(Duration.ofMinutes(-20));
		IngestRoundTrip trip = post("""
				{"event_type": "exercise_started", "user_id": "%s", "exercise_id": "%s",
				 "started_at": %s}""".formatted(user, exercise, startedAt), user);

		assertThat(trip.record().value()).isEqualTo("{\"event_type\":\"exercise_started\",\"user_id\":\"" + user
				+ "\",\"exercise_id\":\"" + exercise + "\",\"started_at\":" + startedAt + "}");
		assertThat(trip.header("ce_type")).isEqualTo("com.learnflow.exercise_started");
		assertThat(trip.header("ce_source")).isEqualTo("/learnflow/exercise-service");
	}

	static final String VALID = """
			{"user_id": "%s", "exercise_id": "%s"}""".formatted(UUID.randomUUID(), UUID.randomUUID());

	/** The valid start with one more field, its value as JSON. */
	static String validWith(String field, String json) {
		return VALID.replace("}", ", \"" + field + "\": " + json + "}");
	}

	/** The valid start with one field's value replaced, as JSON. */
	static String validReplacing(String field, String json) {
		return VALID.replaceFirst("\"" + field + "\": \"[^\"]+\"",
				Matcher.quoteReplacement("\"" + field + "\": " + json));
	}

	/** Each bad exercise start, the status it gets and the field its answer names. */
	static Stream<RefusedRequest> refusedStarts() {
		return Stream.of(
				RefusedRequest.json("event_type of another endpoint",
						VALID.replace("{", "{\"event_type\": \"submission\", "), 400, "event_type"),
				RefusedRequest.json("exercise_id missing", VALID.replaceFirst(", \"exercise_id\": \"[^\"]+\"", ""), 400,
						"exercise_id"),
				RefusedRequest.json("started_at not a timestamp",
						VALID.replace("}", ", \"started_at\": \"yesterday\"}"), 400, "started_at"),
				RefusedRequest.json("exercise_id null",
						VALID.replaceFirst("\"exercise_id\": \"[^\"]+\"", "\"exercise_id\": null"), 400, "exercise_id"),
				RefusedRequest.json("GET instead of POST", null, 405, null).withMethod("GET").withContentType(null),
				RefusedRequest.json("an Idempotency-Key over 255 characters", VALID, 400, "Idempotency-Key")
					.withHeader("Idempotency-Key", "k".repeat(256)),
				// Times outside the event-time window (7 days before to 5 minutes after
				// the server's clock).
				RefusedRequest.json("started_at 3 hours ahead", validWith("started_at", fromNow(Duration.ofHours(3))),
						400, "started_at"),
				RefusedRequest.json("started_at 8 days ago", validWith("started_at", fromNow(Duration.ofDays(-8))), 400,
						"started_at"),
				RefusedRequest.json("started_at just past the window's future end (7 minutes ahead)",
						validWith("started_at", fromNow(Duration.ofMinutes(7))), 400, "started_at"),
				RefusedRequest.json("started_at just past the window's past end (7 days and a minute ago)",
						validWith("started_at", fromNow(Duration.ofDays(-7).minusMinutes(1))), 400, "started_at"),
				RefusedRequest.json("started_at as in the documented sample, 2024",
						validWith("started_at", "\"2024-01-15T10:00:00Z\""), 400, "started_at"),
				// At the edge of what Java represents, and beyond the four-digit years.
				RefusedRequest.json("started_at at year +999999999",
						validWith("started_at", "\"+999999999-12-31T23:59:59Z\""), 400, "started_at"),
				RefusedRequest.json("started_at at year -999999999",
						validWith("started_at", "\"-999999999-01-01T00:00:00Z\""), 400, "started_at"),
				RefusedRequest.json("started_at at year +10000", validWith("started_at", "\"+10000-01-01T00:00:00Z\""),
						400, "started_at"),
				RefusedRequest.json("started_at at year 0000", validWith("started_at", "\"0000-01-01T00:00:00Z\""), 400,
						"started_at"),
				RefusedRequest.json("started_at with an offset of 19 hours",
						validWith("started_at", "\"2026-12-01T10:00:00+19:00\""), 400, "started_at"),
				// Epoch numbers and other forms Jackson alone would read.
				RefusedRequest.json("started_at as epoch seconds",
						validWith("started_at", Long.toString(Instant.now().getEpochSecond())), 400, "started_at"),
				RefusedRequest.json("started_at as epoch milliseconds",
						validWith("started_at", Long.toString(System.currentTimeMillis())), 400, "started_at"),
				RefusedRequest.json("started_at as a fraction of epoch seconds",
						validWith("started_at", Instant.now().getEpochSecond() + ".5"), 400, "started_at"),
				RefusedRequest.json("started_at as a numeric string",
						validWith("started_at", "\"" + Instant.now().getEpochSecond() + "\""), 400, "started_at"),
				RefusedRequest.json("started_at in lower case",
						validWith("started_at", fromNow(Duration.ZERO).toLowerCase()), 400, "started_at"),
				RefusedRequest.json("started_at with +0000",
						validWith("started_at", fromNow(Duration.ZERO).replace("Z", "+0000")), 400, "started_at"),
				// UUIDs other than 8-4-4-4-12 hex digits.
				RefusedRequest.json("exercise_id as base64",
						validReplacing("exercise_id", "\"PyocnotdTm+aCxwtPk9aaw==\""), 400, "exercise_id"),
				RefusedRequest.json("exercise_id as URL-safe base64 without padding",
						validReplacing("exercise_id", "\"PyocnotdTm-aCxwtPk9aaw\""), 400, "exercise_id"),
				RefusedRequest.json("exercise_id in braces",
						validReplacing("exercise_id", "\"{" + UUID.randomUUID() + "}\""), 400, "exercise_id"),
				RefusedRequest.json("user_id without dashes",
						validReplacing("user_id", "\"" + UUID.randomUUID().toString().replace("-", "") + "\""), 400,
						"user_id"),
				RefusedRequest.json("user_id as a number", validReplacing("user_id", "42"), 400, "user_id"),
				// A field given twice: the last would silently win.
				RefusedRequest.json("started_at twice",
						validWith("started_at", fromNow(Duration.ZERO) + ", \"started_at\": " + fromNow(Duration.ZERO)),
						400, "started_at"),
				RefusedRequest.json("exercise_id twice", validWith("exercise_id", "\"" + UUID.randomUUID() + "\""), 400,
						"exercise_id"));
	}

	@Test
	void startedAtJustInsideTheWindowsEndsIsAcceptedWithUpperCaseIds() {
		for (Duration offset : new Duration[] { Duration.ofDays(-7).plusMinutes(2), Duration.ofMinutes(4) }) {
			UUID user = UUID.randomUUID();
			String startedAt = fromNow(offset);
			IngestRoundTrip trip = post(
					"""
							{"user_id": "%s", "exercise_id": "%s", "started_at": %s}""".formatted(
							user.toString().toUpperCase(), UUID.randomUUID().toString().toUpperCase(), startedAt),
					user);
			assertThat("\"" + trip.value().get("started_at").asString() + "\"").isEqualTo(startedAt);
			assertThat(trip.value().get("user_id").asString()).isEqualTo(user.toString());
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedStarts")
	void aBadExerciseStartIsRefusedNamingTheFieldAndNothingIsPublished(RefusedRequest request) {
		request.assertRefused(this.port, "/api/v1/exercise-starts", this.kafka.getBootstrapServers().get(0),
				"exercise.started");
	}

	@Test
	void aBatchAnswersEachStartInOrderAndPublishesTheOnesInsideTheEventTimeWindow() {
		UUID inside = UUID.randomUUID();
		UUID outside = UUID.randomUUID();
		String batch = """
				[{"user_id": "%s", "exercise_id": "%s", "started_at": %s},
				 {"user_id": "%s", "exercise_id": "%s", "started_at": %s}]""".formatted(inside, UUID.randomUUID(),
				fromNow(Duration.ofMinutes(-20)), outside, UUID.randomUUID(), fromNow(Duration.ofDays(-8)));

		var answer = HttpJson.post(this.port, "/api/v1/exercise-starts/batch", batch);

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(207);
		var results = JSON.readTree(answer.body()).get("results");
		assertThat(results.get(0).get("status").asInt()).isEqualTo(202);
		assertThat(results.get(1).get("status").asInt()).isEqualTo(400);
		assertThat(results.get(1).get("problem").get("errors").get(0).get("field").asString()).isEqualTo("started_at");
		try (TopicRecords topic = TopicRecords.of(this.kafka.getBootstrapServers().get(0), "exercise.started")) {
			var record = topic.awaitKey(inside.toString());
			assertThat(new String(record.headers().lastHeader("ce_id").value()))
				.isEqualTo(results.get(0).get("event_id").asString());
			assertThat(topic.drain(Duration.ofSeconds(1)).matching((r) -> outside.toString().equals(r.key())))
				.as("the refused start is not published")
				.isEmpty();
		}
	}

	@Test
	void theServedOpenApiDescriptionIsTheCommittedOne() {
		OpenApiDocument.assertServedMatchesCommitted(this.port, "exercise-service");
	}

	private IngestRoundTrip post(String json, UUID user) {
		return IngestRoundTrip.post(this.port, "/api/v1/exercise-starts", json, this.kafka.getBootstrapServers().get(0),
				"exercise.started", user.toString());
	}

}
