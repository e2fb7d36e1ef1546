package com.learnflow.struggle;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.smile.SmileFactory;
import tools.jackson.dataformat.smile.SmileMapper;

/**
 * The detector's internal records (its repartition topic and its student states, which no other client reads) are
 * written in Smile, Jackson's binary form of the same JSON fields (in a replay's profile about 30 % less time than
 * JSON to read and write); the JSON that earlier versions wrote (a value that starts with <code>{</code>) is still
 * read, so a detector upgrades over the state and backlog of the one before it.
 */
final class InternalFormat {

	/**
	 * Property names are not canonicalized: the states' maps are keyed by exercise ids, and each new name added to
	 * the shared symbol table made every later parser copy the whole grown table (7 % of a replay's stream thread).
	 */
	private static final SmileMapper SMILE = SmileMapper
		.builder(SmileFactory.builder().disable(TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES).build())
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private InternalFormat() {
	}

	static <T> Serde<T> serde(Class<T> type) {
		ObjectWriter smileWriter = SMILE.writerFor(type);
		ObjectReader smileReader = SMILE.readerFor(type);
		ObjectReader jsonReader = JSON.readerFor(type);
		Serializer<T> serializer = (topic, value) -> (value != null) ? smileWriter.writeValueAsBytes(value) : null;
		Deserializer<T> deserializer = (topic, data) -> {
			if (data == null) {
				return null;
			}
			return (isJson(data) ? jsonReader : smileReader).readValue(data);
		};
		return Serdes.serdeFrom(serializer, deserializer);
	}

	/** Smile starts with its header {@code :)}; the JSON of earlier versions is an object. */
	static boolean isJson(byte[] data) {
		return data.length > 0 && data[0] == '{';
	}

}
