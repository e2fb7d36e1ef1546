package com.learnflow.struggle.stream;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * A record that cannot be read goes to its topic's dead-letter topic as it came, with
 * headers that say why and where it came from, and processing goes on: one poison record
 * never stalls a partition.
 *
 * <p>
 * A dead letter is bounded, so that writing it can never fail: its value is the original
 * one when that was read (at most {@link InputParser#MAX_VALUE_BYTES}), its original
 * headers are kept up to {@value #MAX_HEADER_BYTES} bytes in all, the error text is cut
 * at {@value #MAX_ERROR_CHARS} characters, and its timestamp is the processing time (the
 * original one is in {@value #ORIGINAL_TIMESTAMP}).
 */
public class DeadLetters implements FixedKeyProcessor<String, InputParser.Parsed, byte[]> {

	public static final String REASON = "dlt_reason";

	static final String ERROR = "dlt_error";

	public static final String ORIGINAL_TOPIC = "dlt_original_topic";

	public static final String ORIGINAL_PARTITION = "dlt_original_partition";

	public static final String ORIGINAL_OFFSET = "dlt_original_offset";

	static final String ORIGINAL_TIMESTAMP = "dlt_original_timestamp";

	static final String HEADERS_DROPPED = "dlt_headers_dropped";

	static final int MAX_HEADER_BYTES = 16 * 1024;

	static final int MAX_ERROR_CHARS = 1000;

	private final DetectionMetrics metrics;

	private FixedKeyProcessorContext<String, byte[]> context;

	DeadLetters(DetectionMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public void init(FixedKeyProcessorContext<String, byte[]> context) {
		this.context = context;
	}

	@Override
	public void process(FixedKeyRecord<String, InputParser.Parsed> record) {
		var metadata = this.context.recordMetadata().orElseThrow();
		InputParser.Parsed parsed = record.value();
		Headers headers = bounded(record.headers());
		put(headers, REASON, parsed.reason());
		put(headers, ERROR, cut(String.valueOf(parsed.detail())));
		put(headers, ORIGINAL_TOPIC, metadata.topic());
		put(headers, ORIGINAL_PARTITION, Integer.toString(metadata.partition()));
		put(headers, ORIGINAL_OFFSET, Long.toString(metadata.offset()));
		put(headers, ORIGINAL_TIMESTAMP, Long.toString(parsed.originalTimestamp()));
		this.metrics.record(metadata.topic(), "dead_lettered");
		this.context.forward(record.withValue(parsed.original()).withHeaders(headers));
	}

	/**
	 * The original headers, up to {@value #MAX_HEADER_BYTES} bytes of names and values;
	 * the count of the rest.
	 */
	static Headers bounded(Headers original) {
		RecordHeaders kept = new RecordHeaders();
		int bytes = 0;
		int dropped = 0;
		for (Header header : original) {
			int size = header.key().length() + ((header.value() != null) ? header.value().length : 0);
			if (bytes + size <= MAX_HEADER_BYTES && !header.key().startsWith("dlt_")) {
				kept.add(header);
				bytes += size;
			}
			else {
				dropped++;
			}
		}
		if (dropped > 0) {
			put(kept, HEADERS_DROPPED, Integer.toString(dropped));
		}
		return kept;
	}

	static String cut(String text) {
		if (text.length() <= MAX_ERROR_CHARS) {
			return text;
		}
		int end = Character.isHighSurrogate(text.charAt(MAX_ERROR_CHARS - 1)) ? MAX_ERROR_CHARS - 1 : MAX_ERROR_CHARS;
		return text.substring(0, end) + "…";
	}

	/** Sets a header to this text, replacing any of that name. */
	static void put(Headers headers, String name, String value) {
		headers.remove(name).add(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
