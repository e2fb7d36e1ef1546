package com.learnflow.struggle;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.support.serializer.JacksonJsonSerde;

import com.learnflow.events.CodeExecuted;
import com.learnflow.events.StruggleDetected;
import com.learnflow.events.TopicCatalog;
import com.learnflow.kafka.ConsumerGroups;

/**
 * The detection topology: code executions, re-keyed by student, run through the rules with per-student state, and
 * the alerts written to {@code struggle.detected}.
 */
@Configuration(proxyBeanMethods = false)
class StruggleTopology {

	/** The application id, which is also the consumer group: {@code struggle-detector-{environment}-detection}. */
	static final String PURPOSE = "detection";

	@Bean
	StreamsBuilderFactoryBeanConfigurer applicationId(ConsumerGroups consumerGroups) {
		return (factoryBean) -> {
			var config = factoryBean.getStreamsConfiguration();
			config.put(StreamsConfig.APPLICATION_ID_CONFIG, consumerGroups.forPurpose(PURPOSE).value());
			factoryBean.setStreamsConfiguration(config);
		};
	}

	@Bean
	KStream<String, StruggleDetected> struggleDetection(StreamsBuilder builder, DetectionProperties properties) {
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RepeatedErrorsProcessor.STORE),
				Serdes.String(), json(FailureStreak.class)));
		RepeatedErrorsRule repeatedErrors = new RepeatedErrorsRule(properties.repeatedErrors());
		String codeExecuted = TopicCatalog.CODE_EXECUTED.name();

		KStream<String, StruggleDetected> alerts = builder
			.stream(codeExecuted, Consumed.with(Serdes.String(), Serdes.ByteArray()))
			.flatMapValues((value) -> InputEvents.read(value, CodeExecuted.class, codeExecuted).stream().toList())
			.selectKey((sessionId, execution) -> execution.userId().toString())
			.repartition(Repartitioned.with(Serdes.String(), json(CodeExecuted.class)).withName("executions-by-user"))
			.process(() -> new RepeatedErrorsProcessor(repeatedErrors), RepeatedErrorsProcessor.STORE);
		alerts.to(TopicCatalog.STRUGGLE_DETECTED.name(), Produced.with(Serdes.String(), json(StruggleDetected.class)));
		return alerts;
	}

	/** JSON of the documented schema, without Java type headers. */
	static <T> JacksonJsonSerde<T> json(Class<T> type) {
		return new JacksonJsonSerde<T>(type).noTypeInfo().ignoreTypeHeaders();
	}

}
