package com.learnflow.struggle;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import com.learnflow.events.EventTopic;
import com.learnflow.events.ExerciseStarted;
import com.learnflow.events.LearnFlowEvent;
import com.learnflow.events.LearningSubmitted;
import com.learnflow.kafka.CloudEventHeaders;
import com.learnflow.kafka.StrictJson;

/**
 * Reads an input record in any of the forms producers write: the documented JSON with CloudEvents headers (the
 * ingest services), the documented JSON alone (a plain Python client), or a CloudEvents structured envelope whose
 * {@code data} is the documented JSON (Dapr pub/sub). Anything else is marked for the dead-letter topic, with the
 * reason.
 */
class InputParser implements FixedKeyProcessor<String, byte[], InputParser.Parsed> {

	/** Types are not coerced ({@link StrictJson}): a record that breaks the documented schema is a dead letter. */
	static final JsonMapper JSON = StrictJson.configure(JsonMapper.builder())
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	/** The field that marks a CloudEvents structured envelope. */
	private static final byte[] SPEC_VERSION = "\"specversion\"".getBytes(StandardCharsets.UTF_8);

	private final EventTopic<?> topic;

	private FixedKeyProcessorContext<String, Parsed> context;

	InputParser(EventTopic<?> topic) {
		this.topic = topic;
	}

	@Override
	public void init(FixedKeyProcessorContext<String, Parsed> context) {
		this.context = context;
	}

	@Override
	public void process(FixedKeyRecord<String, byte[]> record) {
		this.context.forward(record.withValue(parse(record)));
	}

	private Parsed parse(FixedKeyRecord<String, byte[]> record) {
		byte[] value = record.value();
		if (value == null || value.length == 0) {
			return Parsed.rejected(value, "empty", "the record has no value");
		}
		String eventId = CloudEventHeaders.read(record.headers(), CloudEventHeaders.ID);
		if (eventId != null && !contains(value, SPEC_VERSION)) {
			// The ingest services' form, by far the most common: read straight into the event, without a tree.
			Activity activity = readDirectly(value, eventId, record.timestamp());
			if (activity != null) {
				return Parsed.accepted(activity);
			}
		}
		JsonNode json;
		try {
			json = JSON.readTree(value);
		}
		catch (JacksonException ex) {
			return Parsed.rejected(value, "not_json", ex.getOriginalMessage());
		}
		if (json == null || !json.isObject()) {
			return Parsed.rejected(value, "not_an_object", "the value is JSON but not an object");
		}
		if (json.has("specversion") && json.has("data")) {
			if (eventId == null && json.hasNonNull("id")) {
				eventId = json.get("id").asString();
			}
			json = envelopeData(json.get("data"));
			if (json == null) {
				return Parsed.rejected(value, "invalid_envelope", "the envelope's data is not a JSON object");
			}
		}
		if (eventId == null && json.hasNonNull("event_id")) {
			eventId = json.get("event_id").asString();
		}
		LearnFlowEvent event;
		try {
			event = JSON.treeToValue(json, this.topic.eventClass());
		}
		catch (JacksonException | IllegalArgumentException ex) {
			String message = (ex instanceof JacksonException jackson) ? jackson.getOriginalMessage() : ex.getMessage();
			return Parsed.rejected(value, "invalid_event", message);
		}
		if (eventId == null) {
			// Without an id of its own, a record is identified by its position, so a replay is still recognised.
			var metadata = this.context.recordMetadata().orElseThrow();
			eventId = metadata.topic() + "-" + metadata.partition() + "-" + metadata.offset();
		}
		return Parsed.accepted(Activity.of(eventId, eventTime(event, record.timestamp()), event));
	}

	/** The event read straight from the value, or {@code null} to let the tree path find out what is wrong. */
	private Activity readDirectly(byte[] value, String eventId, long recordTimestamp) {
		try {
			LearnFlowEvent event = JSON.readValue(value, this.topic.eventClass());
			return (event != null) ? Activity.of(eventId, eventTime(event, recordTimestamp), event) : null;
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

	/** The event's own time where the schema has one; a code execution's time is its record's timestamp. */
	private static long eventTime(LearnFlowEvent event, long recordTimestamp) {
		Instant time = null;
		if (event instanceof LearningSubmitted submission) {
			time = submission.submittedAt();
		}
		else if (event instanceof ExerciseStarted start) {
			time = start.startedAt();
		}
		return (time != null) ? time.toEpochMilli() : recordTimestamp;
	}

	/**
	 * What an input record turned out to be.
	 *
	 * @param activity the activity, when the record is valid
	 * @param original the record's value as it came
	 * @param reason why the record is a dead letter, or {@code null}
	 * @param detail the parser's explanation, or {@code null}
	 */
	record Parsed(Activity activity, byte[] original, String reason, String detail) {

		static Parsed accepted(Activity activity) {
			return new Parsed(activity, null, null, null);
		}

		static Parsed rejected(byte[] original, String reason, String detail) {
			return new Parsed(null, original, reason, detail);
		}

		boolean isValid() {
			return this.activity != null;
		}

		byte[] detailBytes() {
			return String.valueOf(this.detail).getBytes(StandardCharsets.UTF_8);
		}

	}

}
