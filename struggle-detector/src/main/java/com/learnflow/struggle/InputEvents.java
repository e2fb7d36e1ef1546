package com.learnflow.struggle;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import com.learnflow.events.LearnFlowEvent;

/**
 * Reads input records as plain JSON of the documented schema, whoever wrote them: no type header is needed, and
 * fields the schema does not know (an {@code event_id} a client adds, say) are ignored.
 */
final class InputEvents {

	private static final Logger log = LoggerFactory.getLogger(InputEvents.class);

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private InputEvents() {
	}

	/** The event in a record's value, or empty when the value is not a valid event of that type. */
	static <E extends LearnFlowEvent> Optional<E> read(byte[] value, Class<E> type, String topic) {
		if (value == null) {
			log.warn("Skipped a record without a value on {}", topic);
			return Optional.empty();
		}
		try {
			return Optional.of(MAPPER.readValue(value, type));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			log.warn("Skipped an unreadable record on {}: {}", topic, ex.getMessage());
			return Optional.empty();
		}
	}

}
