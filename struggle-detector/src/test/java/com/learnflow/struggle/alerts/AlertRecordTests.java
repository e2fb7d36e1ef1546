package com.learnflow.struggle.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Any client with write access can fill {@code struggle.detected}: the view keeps only
 * records that are alerts of the documented schema, written back with exactly its fields,
 * and names why it skips the others.
 */
class AlertRecordTests {

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	static final UUID STUDENT = UUID.randomUUID();

	static Stream<Arguments> records() {
		return Stream.of(
				// value, the reason it is skipped (null: kept)
				arguments(alert(NOW), null), arguments(alert(NOW).replace("}", ", \"extra\": \"ignored\"}"), null),
				arguments(null, "empty"), arguments("", "empty"),
				arguments(alert(NOW).replace("offer_hint", "x".repeat(AlertRecord.MAX_BYTES)), "oversized"),
				arguments("definitely not json", "unreadable"), arguments(alert(NOW).substring(0, 40), "unreadable"),
				arguments("[]", "unreadable"), arguments("null", "unreadable"),
				arguments(alert(NOW) + " " + alert(NOW), "unreadable"),
				arguments(alert(NOW).replace("0.9", "\"high\""), "unreadable"),
				arguments(alert(NOW).replace(STUDENT.toString(), "not-a-uuid"), "unreadable"),
				arguments(alert(NOW).replace("0.9", "2.5"), "invalid"),
				arguments(alert(NOW).replace("\"struggle_detected\"", "\"submission\""), "invalid"),
				arguments(alert(NOW).replace("\"offer_hint\"", "\"" + "y".repeat(65) + "\""), "invalid"),
				arguments(alert(NOW).replace("\"user_id\"", "\"student\""), "invalid"),
				arguments(alert(NOW.plus(Duration.ofHours(1))), "invalid"));
	}

	@ParameterizedTest
	@MethodSource("records")
	void onlyAlertsOfTheSchemaAreKept(String value, String skipped) {
		AlertRecord read = AlertRecord.read(record(value, "alert-1"), NOW);
		assertThat(read.skipped()).isEqualTo(skipped);
		if (skipped == null) {
			assertThat(read.json()).isEqualTo("{\"event_type\":\"struggle_detected\",\"user_id\":\"" + STUDENT
					+ "\",\"struggle_type\":\"repeated_errors\",\"confidence\":0.9,\"recommended_action\":\"offer_hint\","
					+ "\"detected_at\":\"" + NOW + "\"}");
		}
		else {
			assertThat(read.problem()).as("says nothing of the content")
				.doesNotContain("definitely", "xxx", "yyy", "high", "submission");
		}
	}

	static Stream<Arguments> ids() {
		return Stream.of(
				// the ce_id header, the id the view uses
				arguments("alert-1", "alert-1"), arguments("a".repeat(128), "a".repeat(128)),
				arguments("with space and | bar", "with space and | bar"), arguments(null, "1@42"),
				arguments("", "1@42"), arguments("a".repeat(129), "1@42"), arguments("line\nbreak", "1@42"),
				arguments("caf\u00e9", "1@42"));
	}

	@ParameterizedTest
	@MethodSource("ids")
	void anAlertIdIsItsCeIdWhenThatIsShortPrintableAsciiElseItsPlaceInTheTopic(String ceId, String id) {
		assertThat(AlertRecord.read(record(alert(NOW), ceId), NOW).id()).isEqualTo(id);
	}

	@Test
	void anAlertOlderThanTheTopicKeepsIsReadButNotServed() {
		AlertRecord read = AlertRecord.read(record(alert(NOW.minus(Duration.ofDays(4))), "old"), NOW);
		assertThat(read.isSkipped()).isFalse();
		assertThat(read.isOlderThan(NOW, AlertView.KEPT)).isTrue();
	}

	static String alert(Instant detectedAt) {
		return """
				{"event_type": "struggle_detected", "user_id": "%s", "struggle_type": "repeated_errors",
				 "confidence": 0.9, "recommended_action": "offer_hint", "detected_at": "%s"}""".formatted(STUDENT,
				detectedAt);
	}

	static ConsumerRecord<byte[], byte[]> record(String value, String ceId) {
		RecordHeaders headers = new RecordHeaders();
		if (ceId != null) {
			headers.add(AlertRecord.ID_HEADER, ceId.getBytes(StandardCharsets.UTF_8));
		}
		byte[] bytes = (value != null) ? value.getBytes(StandardCharsets.UTF_8) : null;
		return new ConsumerRecord<>(AlertView.TOPIC, 1, 42, NOW.toEpochMilli(), TimestampType.CREATE_TIME, 0,
				(bytes != null) ? bytes.length : -1, null, bytes, headers, Optional.empty());
	}

}
