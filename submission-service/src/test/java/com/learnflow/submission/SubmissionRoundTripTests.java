package com.learnflow.submission;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.learnflow.test.HttpJson;
import com.learnflow.test.IngestRoundTrip;
import com.learnflow.test.OpenApiDocument;
import com.learnflow.test.RefusedRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * HTTP to the broker and back: a submission is answered 202 with the position of a record
 * on {@code learning.submitted} that carries exactly the documented JSON, keyed by
 * {@code user_id}. Runs against the broker of each subclass.
 */
abstract class SubmissionRoundTripTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	KafkaConnectionDetails kafka;

	/** A time the event-time window accepts: an hour ago, in whole seconds. */
	static String anHourAgo() {
		return Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString();
	}

	/** The time this far from now, in whole seconds, as a JSON string. */
	static String fromNow(Duration offset) {
		return "\"" + Instant.now().plus(offset).truncatedTo(ChronoUnit.SECONDS) + "\"";
	}

	@Test
	void aSubmissionIsOnLearningSubmittedKeyedByUserWhenAnswered202() {
		UUID user = UUID.randomUUID();
		UUID classId = UUID.randomUUID();
		UUID quiz = UUID.randomUUID();
		String submittedAt = anHourAgo();
		IngestRoundTrip trip = post("""
				{"event_type": "submission", "user_id": "%s", "class_id": "%s", "quiz_id": "%s",
				 "submitted_at": "%s", "score": 85.5}""".formatted(user, classId, quiz, submittedAt), user);

		assertThat(trip.record().value())
			.isEqualTo("{\"event_type\":\"submission\",\"user_id\":\"" + user + "\",\"class_id\":\"" + classId
					+ "\",\"quiz_id\":\"" + quiz + "\",\"submitted_at\":\"" + submittedAt + "\",\"score\":85.5}");
		assertThat(trip.header("ce_type")).isEqualTo("com.learnflow.submission");
		assertThat(trip.header("ce_source")).isEqualTo("/learnflow/submission-service");
	}

	@Test
	void theServerSetsAMissingSubmissionTimeAndNormalisesAnOffsetToUtc() {
		UUID user = UUID.randomUUID();
		IngestRoundTrip serverTime = post("""
				{"user_id": "%s", "class_id": "%s", "quiz_id": "%s", "score": 42}""".formatted(user, UUID.randomUUID(),
				UUID.randomUUID()), user);
		assertThat(serverTime.value().get("event_type").asString()).isEqualTo("submission");
		assertThat(serverTime.value().get("submitted_at").asString())
			.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z");
		assertThat(serverTime.value().get("score").asDouble()).isEqualTo(42.0);

		UUID other = UUID.randomUUID();
		OffsetDateTime inBerlin = OffsetDateTime.now(ZoneOffset.ofHours(2))
			.minusHours(1)
			.truncatedTo(ChronoUnit.SECONDS)
			.withNano(123_456_000);
		IngestRoundTrip offset = post("""
				{"user_id": "%s", "class_id": "%s", "quiz_id": "%s", "score": 0, "submitted_at": "%s"}""".formatted(
				other, UUID.randomUUID(), UUID.randomUUID(), inBerlin.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)),
				other);
		assertThat(inBerlin.toString()).endsWith(".123456+02:00");
		assertThat(offset.value().get("submitted_at").asString())
			.isEqualTo(inBerlin.toInstant().truncatedTo(ChronoUnit.MILLIS).toString())
			.endsWith(".123Z");
	}

	static final String VALID = """
			{"user_id": "%s", "class_id": "%s", "quiz_id": "%s", "score": 85.5}""".formatted(UUID.randomUUID(),
			UUID.randomUUID(), UUID.randomUUID());

	/** The valid submission with one more field, its value as JSON. */
	static String validWith(String field, String json) {
		return VALID.replace("}", ", \"" + field + "\": " + json + "}");
	}

	/** The valid submission with one field's value replaced, as JSON. */
	static String validReplacing(String field, String json) {
		return VALID.replaceFirst("\"" + field + "\": (\"[^\"]+\"|[0-9.]+)",
				Matcher.quoteReplacement("\"" + field + "\": " + json));
	}

	/**
	 * Each bad submission, the status it gets and the field its answer names; what every
	 * ingest endpoint refuses alike (malformed JSON, 413, 415, an empty
	 * {@code Idempotency-Key}) is in common-ingest's {@code SharedIngestBehaviourTests}.
	 */
	static Stream<RefusedRequest> refusedSubmissions() {
		return Stream.of(RefusedRequest.json("score as text", VALID.replace("85.5", "\"85.5\""), 400, "score"),
				RefusedRequest.json("score above 100", VALID.replace("85.5", "100.01"), 400, "score"),
				RefusedRequest.json("negative score", VALID.replace("85.5", "-0.5"), 400, "score"),
				RefusedRequest.json("score missing", VALID.replace(", \"score\": 85.5", ""), 400, "score"),
				RefusedRequest.json("class_id missing", VALID.replaceFirst("\"class_id\": \"[^\"]+\", ", ""), 400,
						"class_id"),
				RefusedRequest.json("quiz_id not a UUID",
						VALID.replaceFirst("\"quiz_id\": \"[^\"]+\"", "\"quiz_id\": \"uuid\""), 400, "quiz_id"),
				RefusedRequest.json("unknown field (a typo of score)", VALID.replace("\"score\"", "\"scor\""), 400,
						"scor"),
				RefusedRequest.json("event_type of another endpoint",
						VALID.replace("{", "{\"event_type\": \"code_execution\", "), 400, "event_type"),
				RefusedRequest.json("submitted_at without an offset",
						VALID.replace("}", ", \"submitted_at\": \"2024-01-15T10:30:00\"}"), 400, "submitted_at"),
				// Times outside the event-time window (7 days before to 5 minutes after
				// the server's clock).
				RefusedRequest.json("submitted_at 3 hours ahead",
						validWith("submitted_at", fromNow(Duration.ofHours(3))), 400, "submitted_at"),
				RefusedRequest.json("submitted_at 8 days ago", validWith("submitted_at", fromNow(Duration.ofDays(-8))),
						400, "submitted_at"),
				RefusedRequest.json("submitted_at just past the window's future end (7 minutes ahead)",
						validWith("submitted_at", fromNow(Duration.ofMinutes(7))), 400, "submitted_at"),
				RefusedRequest.json("submitted_at just past the window's past end (7 days and a minute ago)",
						validWith("submitted_at", fromNow(Duration.ofDays(-7).minusMinutes(1))), 400, "submitted_at"),
				RefusedRequest.json("submitted_at as in the documented sample, 2024",
						validWith("submitted_at", "\"2024-01-15T10:30:00Z\""), 400, "submitted_at"),
				// At the edge of what Java represents, and beyond the four-digit years.
				RefusedRequest.json("submitted_at at year +999999999",
						validWith("submitted_at", "\"+999999999-12-31T23:59:59Z\""), 400, "submitted_at"),
				RefusedRequest.json("submitted_at at year -999999999",
						validWith("submitted_at", "\"-999999999-01-01T00:00:00Z\""), 400, "submitted_at"),
				RefusedRequest.json("submitted_at at year +10000",
						validWith("submitted_at", "\"+10000-01-01T00:00:00Z\""), 400, "submitted_at"),
				RefusedRequest.json("submitted_at at year 0000", validWith("submitted_at", "\"0000-01-01T00:00:00Z\""),
						400, "submitted_at"),
				// Epoch numbers and other forms Jackson alone would read.
				RefusedRequest.json("submitted_at as epoch seconds",
						validWith("submitted_at", Long.toString(Instant.now().getEpochSecond())), 400, "submitted_at"),
				RefusedRequest.json("submitted_at as epoch milliseconds",
						validWith("submitted_at", Long.toString(System.currentTimeMillis())), 400, "submitted_at"),
				RefusedRequest.json("submitted_at as a numeric string",
						validWith("submitted_at", "\"" + Instant.now().getEpochSecond() + "\""), 400, "submitted_at"),
				RefusedRequest.json("submitted_at without seconds",
						validWith("submitted_at", fromNow(Duration.ZERO).replaceFirst(":\\d\\dZ", "Z")), 400,
						"submitted_at"),
				// UUIDs other than 8-4-4-4-12 hex digits.
				RefusedRequest.json("user_id as base64", validReplacing("user_id", "\"PyocnotdTm+aCxwtPk9aaw==\""), 400,
						"user_id"),
				RefusedRequest.json("class_id in braces", validReplacing("class_id", "\"{" + UUID.randomUUID() + "}\""),
						400, "class_id"),
				RefusedRequest.json("quiz_id without dashes",
						validReplacing("quiz_id", "\"" + UUID.randomUUID().toString().replace("-", "") + "\""), 400,
						"quiz_id"),
				RefusedRequest.json("user_id empty", validReplacing("user_id", "\"\""), 400, "user_id"),
				// A field given twice: the last would silently win.
				RefusedRequest.json("score twice", validWith("score", "100"), 400, "score"),
				RefusedRequest.json("user_id twice", validWith("user_id", "\"" + UUID.randomUUID() + "\""), 400,
						"user_id"),
				// Numbers that are not finite JSON numbers.
				RefusedRequest.json("score NaN", validReplacing("score", "NaN"), 400, "score"),
				RefusedRequest.json("score \"NaN\"", validReplacing("score", "\"NaN\""), 400, "score"),
				RefusedRequest.json("score Infinity", validReplacing("score", "Infinity"), 400, "score"),
				RefusedRequest.json("score \"Infinity\"", validReplacing("score", "\"Infinity\""), 400, "score"),
				RefusedRequest.json("score 1e400", validReplacing("score", "1e400"), 400, "score"),
				RefusedRequest.json("score -1e400", validReplacing("score", "-1e400"), 400, "score"),
				RefusedRequest.json("score 2^63 as a whole number", validReplacing("score", "9223372036854775808"), 400,
						"score"));
	}

	/** A few hostile submissions and what their answer says about the field. */
	static Stream<Arguments> refusalsAndTheirWords() {
		return Stream.of(
				arguments(validWith("submitted_at", "1764585000"), "submitted_at",
						"must be an ISO-8601 timestamp with an offset, such as 2026-12-01T10:30:00Z"),
				arguments(validWith("submitted_at", "\"+10000-01-01T00:00:00Z\""), "submitted_at",
						"must be an ISO-8601 timestamp with an offset, such as 2026-12-01T10:30:00Z"),
				arguments(validWith("submitted_at", fromNow(Duration.ofHours(3))), "submitted_at",
						"must lie between 7 days before and 5 minutes after the server's clock but was "),
				arguments(validReplacing("user_id", "\"PyocnotdTm+aCxwtPk9aaw==\""), "user_id",
						"must be a UUID string of 8-4-4-4-12 hex digits, such as 3f2a1c9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b"),
				arguments(validWith("score", "100"), "score", "appears more than once; send each field once"),
				arguments(validReplacing("score", "NaN"), "score",
						"has no valid JSON value (NaN, Infinity and unquoted text are not JSON)"),
				arguments(validReplacing("score", "\"NaN\""), "score", "must be a number"),
				arguments(validReplacing("score", "1e400"), "score", "is out of range"), arguments(
						validReplacing("score", "9223372036854775808"), "score", "must be less than or equal to 100"));
	}

	@ParameterizedTest(name = "{1}: {2}")
	@MethodSource("refusalsAndTheirWords")
	void eachRefusalSaysWhatIsWrongWithTheField(String body, String field, String message) {
		var problem = RefusedRequest.json(field, body, 400, field)
			.assertRefused(this.port, "/api/v1/submissions", this.kafka.getBootstrapServers().get(0),
					"learning.submitted");
		assertThat(problem.get("errors")).hasSize(1);
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
		assertThat(problem.get("errors").get(0).get("message").asString()).startsWith(message);
	}

	@Test
	void submittedAtJustInsideTheWindowsEndsIsAccepted() {
		for (Duration offset : new Duration[] { Duration.ofDays(-7).plusMinutes(2), Duration.ofMinutes(4) }) {
			UUID user = UUID.randomUUID();
			String submittedAt = fromNow(offset);
			IngestRoundTrip trip = post("""
					{"user_id": "%s", "class_id": "%s", "quiz_id": "%s", "score": 100, "submitted_at": %s}"""
				.formatted(user, UUID.randomUUID(), UUID.randomUUID(), submittedAt), user);
			assertThat("\"" + trip.value().get("submitted_at").asString() + "\"").isEqualTo(submittedAt);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedSubmissions")
	void aBadSubmissionIsRefusedNamingTheFieldAndNothingIsPublished(RefusedRequest request) {
		request.assertRefused(this.port, "/api/v1/submissions", this.kafka.getBootstrapServers().get(0),
				"learning.submitted");
	}

	@Test
	void aBatchIsCountedPerEventAndPublishesItsValidSubmissions() {
		double acceptedBefore = counter("accepted", "none");
		double invalidBefore = counter("rejected", "invalid_field");
		String batch = "[" + String.join(",", submission(85.5), submission(101), submission(0)) + "]";

		var answer = HttpJson.post(this.port, "/api/v1/submissions/batch", batch);

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(207);
		var results = JSON.readTree(answer.body()).get("results");
		assertThat(results.valueStream().map((item) -> item.get("status").asInt())).containsExactly(202, 400, 202);
		assertThat(results.get(1).get("problem").get("errors").get(0).get("field").asString()).isEqualTo("score");
		assertThat(counter("accepted", "none") - acceptedBefore).isEqualTo(2);
		assertThat(counter("rejected", "invalid_field") - invalidBefore).isEqualTo(1);
	}

	private static String submission(double score) {
		return """
				{"user_id": "%s", "class_id": "%s", "quiz_id": "%s", "score": %s}""".formatted(UUID.randomUUID(),
				UUID.randomUUID(), UUID.randomUUID(), score);
	}

	/**
	 * learnflow_ingest_events_total of learning.submitted with this outcome and reason, 0
	 * before the first.
	 */
	private double counter(String outcome, String reason) {
		String line = "learnflow_ingest_events_total{outcome=\"" + outcome + "\",reason=\"" + reason
				+ "\",topic=\"learning.submitted\"} ";
		return HttpJson.get(this.port, "/actuator/prometheus")
			.body()
			.lines()
			.filter((metric) -> metric.startsWith(line))
			.mapToDouble((metric) -> Double.parseDouble(metric.substring(line.length())))
			.findFirst()
			.orElse(0);
	}

	/** The documented sample, with real UUIDs and its time as given. */
	static final String REFERENCE_SAMPLE = """
			{
			  "event_type": "submission",
			  "user_id": "%s",
			  "class_id": "%s",
			  "quiz_id": "%s",
			  "submitted_at": "%s",
			  "score": 85.5
			}""";

	@Test
	void theReferenceSampleRedatedToNowIsAcceptedAndAsDatedIn2024IsRefusedNamingSubmittedAt() {
		UUID user = UUID.randomUUID();
		String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
		IngestRoundTrip trip = post(REFERENCE_SAMPLE.formatted(user, UUID.randomUUID(), UUID.randomUUID(), now), user);
		assertThat(trip.value().get("score").asDouble()).isEqualTo(85.5);
		assertThat(trip.value().get("submitted_at").asString()).isEqualTo(now);

		var problem = RefusedRequest
			.json("the documented sample as dated",
					REFERENCE_SAMPLE.formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
							"2024-01-15T10:30:00Z"),
					400, "submitted_at")
			.assertRefused(this.port, "/api/v1/submissions", this.kafka.getBootstrapServers().get(0),
					"learning.submitted");
		assertThat(problem.get("errors").get(0).get("message").asString())
			.isEqualTo("must lie between 7 days before and 5 minutes after the server's clock but was"
					+ " 2024-01-15T10:30:00Z");
	}

	@Test
	void theServedOpenApiDescriptionIsTheCommittedOne() {
		OpenApiDocument.assertServedMatchesCommitted(this.port, "submission-service");
	}

	private IngestRoundTrip post(String json, UUID user) {
		String key = (user != null) ? user.toString() : JSON.readTree(json).get("user_id").asString();
		return IngestRoundTrip.post(this.port, "/api/v1/submissions", json, this.kafka.getBootstrapServers().get(0),
				"learning.submitted", key);
	}

}
