package com.learnflow.struggle.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import com.learnflow.events.EventTimeWindow;
import com.learnflow.events.InvalidEventException;
import com.learnflow.events.StruggleDetected;
import com.learnflow.kafka.CloudEventHeaders;
import com.learnflow.kafka.StrictJson;

/**
 * What the view makes of one record of {@code struggle.detected}, which any client with
 * write access can fill: an alert with its id, or the reason it is skipped. Nothing of a
 * skipped record's content is kept or logged.
 *
 * @param alert the alert, or {@code null} when the record is skipped
 * @param id the {@code ce_id} header if it is 1 to {@value #MAX_ID_LENGTH} printable
 * ASCII characters, else {@code partition@offset}
 * @param json the alert written back by the view's own mapper: exactly the documented
 * fields
 * @param skipped why the record is skipped ({@code empty}, {@code oversized},
 * {@code unreadable}, {@code invalid}), or {@code null}
 * @param problem what is wrong, in words that quote nothing of the record, or
 * {@code null}
 */
record AlertRecord(StruggleDetected alert, String id, String json, String skipped, String problem) {

	/** An alert is about 230 bytes; anything this large is not one. */
	static final int MAX_BYTES = 4096;

	static final int MAX_ID_LENGTH = 128;

	static final String ID_HEADER = CloudEventHeaders.ID;

	static final JsonMapper JSON = StrictJson.configure(JsonMapper.builder())
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	/**
	 * Reads the record, judging {@code detected_at} against the clock: the topic's
	 * retention before, 5 minutes after.
	 */
	static AlertRecord read(ConsumerRecord<byte[], byte[]> record, Instant now) {
		byte[] value = record.value();
		if (value == null || value.length == 0) {
			return skip("empty", "no value");
		}
		if (value.length > MAX_BYTES) {
			return skip("oversized", value.length + " bytes, more than " + MAX_BYTES);
		}
		StruggleDetected alert;
		try {
			alert = JSON.readValue(value, StruggleDetected.class);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			InvalidEventException invalid = invalidField(ex);
			return (invalid != null) ? skip("invalid", "field " + invalid.field() + " breaks the schema")
					: skip("unreadable", "not a JSON object of the alert schema");
		}
		if (alert == null) {
			return skip("unreadable", "not a JSON object of the alert schema");
		}
		if (alert.detectedAt().isAfter(now.plus(EventTimeWindow.DEFAULT_MAX_FUTURE))) {
			return skip("invalid", "detected_at lies more than " + EventTimeWindow.DEFAULT_MAX_FUTURE.toMinutes()
					+ " minutes ahead of the clock");
		}
		return new AlertRecord(alert, id(record), JSON.writeValueAsString(alert), null, null);
	}

	boolean isSkipped() {
		return this.skipped != null;
	}

	/**
	 * Whether the alert is older than the view keeps, so that there is nothing to serve.
	 */
	boolean isOlderThan(Instant now, Duration kept) {
		return this.alert != null && this.alert.detectedAt().isBefore(now.minus(kept));
	}

	private static AlertRecord skip(String reason, String problem) {
		return new AlertRecord(null, null, null, reason, problem);
	}

	static String id(ConsumerRecord<?, ?> record) {
		Header header = record.headers().lastHeader(ID_HEADER);
		byte[] id = (header != null) ? header.value() : null;
		if (id != null && id.length >= 1 && id.length <= MAX_ID_LENGTH && printableAscii(id)) {
			return new String(id, StandardCharsets.US_ASCII);
		}
		return record.partition() + "@" + record.offset();
	}

	private static boolean printableAscii(byte[] bytes) {
		for (byte b : bytes) {
			if (b < 0x20 || b > 0x7e) {
				return false;
			}
		}
		return true;
	}

	private static InvalidEventException invalidField(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidEventException invalid) {
				return invalid;
			}
			if (cause.getCause() == cause) {
				return null;
			}
		}
		return null;
	}

}
