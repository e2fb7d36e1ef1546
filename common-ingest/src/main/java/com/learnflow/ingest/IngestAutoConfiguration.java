package com.learnflow.ingest;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import com.learnflow.kafka.EventPublisher;
import com.learnflow.kafka.LearnFlowKafkaAutoConfiguration;

/** What an ingest service adds to the shared Kafka wiring: the publish path, strict JSON and problem answers. */
@AutoConfiguration(after = LearnFlowKafkaAutoConfiguration.class)
@Import(IngestProblemAdvice.class)
public class IngestAutoConfiguration {

	@Bean
	EventIngestion eventIngestion(EventPublisher publisher) {
		return new EventIngestion(publisher);
	}

	/**
	 * A request is read exactly as written: an unknown field, a string where a boolean or number belongs, or a
	 * fraction where an integer belongs is an error, never a silent conversion.
	 */
	@Bean
	JsonMapperBuilderCustomizer strictRequestJson() {
		return (builder) -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
	}

}
