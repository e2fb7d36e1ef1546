package com.learnflow.struggle;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * A record that cannot be read goes to its topic's dead-letter topic as it came, with headers that say why and where
 * it came from, and processing goes on: one poison record never stalls a partition.
 */
class DeadLetters implements FixedKeyProcessor<String, InputParser.Parsed, byte[]> {

	static final String REASON = "dlt_reason";

	static final String ERROR = "dlt_error";

	static final String ORIGINAL_TOPIC = "dlt_original_topic";

	static final String ORIGINAL_PARTITION = "dlt_original_partition";

	static final String ORIGINAL_OFFSET = "dlt_original_offset";

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
		Headers headers = record.headers();
		put(headers, REASON, record.value().reason());
		put(headers, ERROR, new String(record.value().detailBytes(), StandardCharsets.UTF_8));
		put(headers, ORIGINAL_TOPIC, metadata.topic());
		put(headers, ORIGINAL_PARTITION, Integer.toString(metadata.partition()));
		put(headers, ORIGINAL_OFFSET, Long.toString(metadata.offset()));
		this.metrics.record(metadata.topic(), "dead_lettered");
		this.context.forward(record.withValue(record.value().original()));
	}

	private static void put(Headers headers, String name, String value) {
		headers.remove(name).add(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
