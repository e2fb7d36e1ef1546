package com.learnflow.struggle.stream;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.learnflow.events.TopicCatalog;

/**
 * A failure tied to one record never stops the topology: the record that could not be
 * deserialized or processed, or an alert that could not be written, goes to a dead-letter
 * topic ({@link DeadLetterSink}) and processing goes on.
 *
 * <p>
 * Kafka Streams creates one instance per handler setting and passes it the streams
 * configuration, in which the detector puts its {@link DeadLetterSink} under
 * {@link DeadLetterSink#CONFIG}.
 */
public class RecordFailureHandler
		implements DeserializationExceptionHandler, ProcessingExceptionHandler, ProductionExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(RecordFailureHandler.class);

	private DeadLetterSink sink;

	@Override
	public void configure(Map<String, ?> configs) {
		this.sink = (DeadLetterSink) configs.get(DeadLetterSink.CONFIG);
	}

	/**
	 * A record of an internal topic that cannot be read (the inputs are read as bytes and
	 * parsed later).
	 */
	@Override
	public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
			Exception exception) {
		deadLetter("deserialization", context, context.topic(), record.key(), record.value(), "unreadable", exception);
		return DeserializationHandlerResponse.CONTINUE;
	}

	/**
	 * An input whose processing threw: the source record of the failed step is
	 * dead-lettered as it came.
	 */
	@Override
	public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
		deadLetter("processing", context, context.topic(), context.sourceRawKey(), context.sourceRawValue(),
				"processing_failed", exception);
		return ProcessingHandlerResponse.CONTINUE;
	}

	/**
	 * A record the producer refused. An alert goes to {@code struggle.detected.dlt}; any
	 * other record (a dead letter, a repartition or changelog record) is only counted and
	 * logged, since writing it again would fail the same way.
	 */
	@Override
	public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
			Exception exception) {
		if (TopicCatalog.STRUGGLE_DETECTED.name().equals(record.topic())) {
			deadLetter("production", context, record.topic(), record.key(), record.value(), "not_written", exception);
		}
		else {
			countOnly("production", record.topic(), exception);
		}
		return ProductionExceptionHandlerResponse.CONTINUE;
	}

	@Override
	@SuppressWarnings("rawtypes")
	public ProductionExceptionHandlerResponse handleSerializationException(ErrorHandlerContext context,
			ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
		countOnly("serialization", record.topic(), exception);
		return ProductionExceptionHandlerResponse.CONTINUE;
	}

	private void deadLetter(String kind, ErrorHandlerContext context, String topic, byte[] key, byte[] value,
			String reason, Exception exception) {
		if (this.sink == null) {
			log.error("{} failure at {}-{}@{}, skipped (no dead-letter sink configured)", kind, context.topic(),
					context.partition(), context.offset(), exception);
			return;
		}
		this.sink.deadLetter(kind, topic, context.partition(), context.offset(), key, value, context.headers(), reason,
				exception);
	}

	private void countOnly(String kind, String topic, Exception exception) {
		log.error("{} failure writing to {}: {}; the record is skipped", kind, topic, exception.toString());
		if (this.sink != null) {
			this.sink.count(kind);
		}
	}

}
