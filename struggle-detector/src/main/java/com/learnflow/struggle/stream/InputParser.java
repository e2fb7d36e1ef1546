package com.learnflow.struggle.stream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import com.learnflow.events.EventTimeWindow;
import com.learnflow.events.EventTopic;
import com.learnflow.events.ExerciseStarted;
import com.learnflow.events.LearnFlowEvent;
import com.learnflow.events.LearningSubmitted;
import com.learnflow.kafka.CloudEventHeaders;
import com.learnflow.kafka.StrictJson;
import com.learnflow.struggle.rules.Activity;

/**
 * Reads an input record in any of the forms producers write: the documented JSON with
 * CloudEvents headers (the ingest services), the documented JSON alone (a plain Python
 * client), or a CloudEvents structured envelope whose {@code data} is the documented JSON
 * (Dapr pub/sub). Anything else, and any event whose id or time is out of bounds, is
 * marked for the dead-letter topic, with the reason.
 *
 * <p>
 * Every record it passes on carries the processing time as its timestamp and only the
 * trace headers ({@link TraceHeaders}), so that nothing a client chose reaches a record
 * the detector writes.
 */
class InputParser implements FixedKeyProcessor<String, byte[], InputParser.Parsed> {

	/**
	 * Types are not coerced ({@link StrictJson}): a record that breaks the documented
	 * schema is a dead letter.
	 */
	static final JsonMapper JSON = StrictJson.configure(JsonMapper.builder())
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	/**
	 * The largest input value read, in bytes: four times the largest valid event (an
	 * 8,192-character error text in a Dapr envelope with its data as an escaped string),
	 * far below Kafka's 1 MB default.
	 */
	static final int MAX_VALUE_BYTES = 256 * 1024;

	/**
	 * An event id is 1 to 128 printable ASCII characters: a UUID, a Dapr id, a
	 * topic-partition-offset.
	 */
	private static final Pattern EVENT_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

	/** The field that marks a CloudEvents structured envelope. */
	private static final byte[] SPEC_VERSION = "\"specversion\"".getBytes(StandardCharsets.UTF_8);

	private final EventTopic<?> topic;

	private final EventTimeWindow window;

	private FixedKeyProcessorContext<String, Parsed> context;

	InputParser(EventTopic<?> topic, EventTimeWindow window) {
		this.topic = topic;
		this.window = window;
	}

	@Override
	public void init(FixedKeyProcessorContext<String, Parsed> context) {
		this.context = context;
	}

	@Override
	public void process(FixedKeyRecord<String, byte[]> record) {
		long now = this.context.currentSystemTimeMs();
		Parsed parsed = parse(record, now);
		FixedKeyRecord<String, Parsed> next = record.withValue(parsed).withTimestamp(now);
		this.context.forward(parsed.isValid() ? next.withHeaders(TraceHeaders.allowed(record.headers())) : next);
	}

	private Parsed parse(FixedKeyRecord<String, byte[]> record, long now) {
		byte[] value = record.value();
		if (value == null || value.length == 0) {
			return Parsed.rejected(value, record.timestamp(), "empty", "the record has no value");
		}
		if (value.length > MAX_VALUE_BYTES) {
			return Parsed.rejected(null, record.timestamp(), "too_large", "the value has " + value.length
					+ " bytes, more than the " + MAX_VALUE_BYTES + " read; it is left on its topic, not copied here");
		}
		String eventId = CloudEventHeaders.read(record.headers(), CloudEventHeaders.ID);
		LearnFlowEvent event = null;
		if (eventId != null && !contains(value, SPEC_VERSION)) {
			// The ingest services' form, by far the most common: read straight into the
			// event, without a tree.
			event = readDirectly(value);
		}
		if (event == null) {
			JsonNode json;
			try {
				json = JSON.readTree(value);
			}
			catch (JacksonException ex) {
				return Parsed.rejected(value, record.timestamp(), "not_json", ex.getOriginalMessage());
			}
			if (json == null || !json.isObject()) {
				return Parsed.rejected(value, record.timestamp(), "not_an_object",
						"the value is JSON but not an object");
			}
			if (json.has("specversion") && json.has("data")) {
				if (eventId == null && json.hasNonNull("id")) {
					eventId = json.get("id").asString();
				}
				json = envelopeData(json.get("data"));
				if (json == null) {
					return Parsed.rejected(value, record.timestamp(), "invalid_envelope",
							"the envelope's data is not a JSON object");
				}
			}
			if (eventId == null && json.hasNonNull("event_id")) {
				eventId = json.get("event_id").asString();
			}
			try {
				event = JSON.treeToValue(json, this.topic.eventClass());
			}
			catch (JacksonException | IllegalArgumentException ex) {
				String message = (ex instanceof JacksonException jackson) ? jackson.getOriginalMessage()
						: ex.getMessage();
				return Parsed.rejected(value, record.timestamp(), "invalid_event", message);
			}
		}
		if (eventId == null) {
			// Without an id of its own, a record is identified by its position, so a
			// replay is still recognised.
			var metadata = this.context.recordMetadata().orElseThrow();
			eventId = metadata.topic() + "-" + metadata.partition() + "-" + metadata.offset();
		}
		else if (!EVENT_ID.matcher(eventId).matches()) {
			return Parsed.rejected(value, record.timestamp(), "invalid_event_id",
					"the event id must be 1 to 128 printable ASCII characters");
		}
		Instant time = eventTime(event, record.timestamp());
		if (!this.window.contains(time, Instant.ofEpochMilli(now))) {
			return Parsed.rejected(value, record.timestamp(), "event_time_out_of_range",
					"the event time " + time + " " + this.window.describe() + " (" + Instant.ofEpochMilli(now) + ")");
		}
		// How far the producers' clock had come when this record was written, never ahead
		// of the detector's.
		long arrival = Math.min(record.timestamp(), now);
		return Parsed.accepted(Activity.of(eventId, time.toEpochMilli(), arrival, event));
	}

	/**
	 * The event read straight from the value, or {@code null} to let the tree path find
	 * out what is wrong.
	 */
	private LearnFlowEvent readDirectly(byte[] value) {
		try {
			return JSON.readValue(value, this.topic.eventClass());
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return null;
		}
	}

	private static boolean contains(byte[] value, byte[] part) {
		outer: for (int i = 0; i <= value.length - part.length; i++) {
			for (int j = 0; j < part.length; j++) {
				if (value[i + j] != part[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	/** The envelope's data, given as an object or as a JSON string holding one. */
	private static JsonNode envelopeData(JsonNode data) {
		if (data.isObject()) {
			return data;
		}
		if (data.isString()) {
			try {
				JsonNode inner = JSON.readTree(data.asString());
				return (inner != null && inner.isObject()) ? inner : null;
			}
			catch (JacksonException ex) {
				return null;
			}
		}
		return null;
	}

	/**
	 * The event's own time where the schema has one; a code execution's time is its
	 * record's timestamp.
	 */
	private static Instant eventTime(LearnFlowEvent event, long recordTimestamp) {
		Instant time = null;
		if (event instanceof LearningSubmitted submission) {
			time = submission.submittedAt();
		}
		else if (event instanceof ExerciseStarted start) {
			time = start.startedAt();
		}
		return (time != null) ? time : Instant.ofEpochMilli(recordTimestamp);
	}

	/**
	 * What an input record turned out to be.
	 *
	 * @param activity the activity, when the record is valid
	 * @param original the record's value as it came ({@code null} when it is too large to
	 * copy)
	 * @param originalTimestamp the record's timestamp as it came
	 * @param reason why the record is a dead letter, or {@code null}
	 * @param detail the parser's explanation, or {@code null}
	 */
	record Parsed(Activity activity, byte[] original, long originalTimestamp, String reason, String detail) {

		static Parsed accepted(Activity activity) {
			return new Parsed(activity, null, 0, null, null);
		}

		static Parsed rejected(byte[] original, long originalTimestamp, String reason, String detail) {
			return new Parsed(null, original, originalTimestamp, reason, detail);
		}

		boolean isValid() {
			return this.activity != null;
		}

	}

}
