package com.learnflow.struggle.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Every input record's timestamp is taken as it is, and a negative one (which Kafka
 * Streams' default extractor answers by stopping the stream thread) becomes 0, which no
 * event-time window contains: the record reaches the parser, which dead-letters it if its
 * time is the record's.
 */
public class InputTimestamps implements TimestampExtractor {

	@Override
	public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
		return Math.max(0, record.timestamp());
	}

}
