package com.learnflow.struggle.stream;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.smile.SmileFactory;
import tools.jackson.dataformat.smile.SmileMapper;

import com.learnflow.struggle.rules.Activity;

/**
 * The detector's internal records (its repartition topic and its student states, which no
 * other client reads) are written in binary forms of their own ({@link ActivityFormat},
 * {@link StudentStateFormat}); the forms earlier versions wrote are still read, so a
 * detector upgrades over the state and backlog of the one before it: Smile (Jackson's
 * binary JSON, a value that starts with {@code :)}) and JSON (a value that starts with
 * <code>{</code>).
 */
final class InternalFormat {

	/**
	 * Property names are not canonicalized: the states' maps are keyed by exercise ids,
	 * and each new name added to the shared symbol table made every later parser copy the
	 * whole grown table.
	 */
	static final SmileMapper SMILE = SmileMapper
		.builder(SmileFactory.builder().disable(TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES).build())
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private InternalFormat() {
	}

	/**
	 * The repartition topic's serde: written in {@link ActivityFormat}, read in it or an
	 * earlier form.
	 */
	static Serde<Activity> activities() {
		Deserializer<EarlierActivity> earlier = earlier(EarlierActivity.class);
		Serializer<Activity> serializer = (topic, activity) -> (activity != null) ? ActivityFormat.write(activity)
				: null;
		Deserializer<Activity> deserializer = (topic, data) -> {
			if (data == null) {
				return null;
			}
			return ActivityFormat.isThisFormat(data) ? ActivityFormat.read(data)
					: earlier.deserialize(topic, data).toActivity();
		};
		return Serdes.serdeFrom(serializer, deserializer);
	}

	/** Reads a record in the Smile or JSON that earlier versions wrote. */
	static <T> Deserializer<T> earlier(Class<T> type) {
		ObjectReader smileReader = SMILE.readerFor(type);
		ObjectReader jsonReader = JSON.readerFor(type);
		return (topic, data) -> {
			if (data == null) {
				return null;
			}
			return (isJson(data) ? jsonReader : smileReader).readValue(data);
		};
	}

	/** The JSON of earlier versions is an object. */
	static boolean isJson(byte[] data) {
		return data.length > 0 && data[0] == '{';
	}

}
