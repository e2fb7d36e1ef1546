package com.learnflow.struggle;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.support.serializer.JacksonJsonSerde;

import com.learnflow.events.EventTopic;
import com.learnflow.events.StruggleDetected;
import com.learnflow.events.TopicCatalog;
import com.learnflow.kafka.ConsumerGroups;

/**
 * The detection topology: the three learning topics read in any producer's form (bad records to their dead-letter
 * topics), re-keyed by student, run through the rules with per-student state, and the alerts written to
 * {@code struggle.detected}.
 */
@Configuration(proxyBeanMethods = false)
class StruggleTopology {

	/** The application id, which is also the consumer group: {@code struggle-detector-{environment}-detection}. */
	static final String PURPOSE = "detection";

	static final List<EventTopic<?>> INPUTS = List.of(TopicCatalog.LEARNING_SUBMITTED, TopicCatalog.CODE_EXECUTED,
			TopicCatalog.EXERCISE_STARTED);

	@Bean
	StreamsBuilderFactoryBeanConfigurer applicationId(ConsumerGroups consumerGroups) {
		return (factoryBean) -> {
			var config = factoryBean.getStreamsConfiguration();
			config.put(StreamsConfig.APPLICATION_ID_CONFIG, consumerGroups.forPurpose(PURPOSE).value());
			factoryBean.setStreamsConfiguration(config);
			// A detector that stops cleanly (a rolling update, a scale-down) hands its partitions over at once,
			// instead of leaving them idle until its session times out (30 s).
			factoryBean.setLeaveGroupOnClose(true);
		};
	}

	@Bean
	KStream<String, StruggleDetected> struggleDetection(StreamsBuilder builder, DetectionProperties properties,
			MeterRegistry meterRegistry) {
		return build(builder, properties, new DetectionMetrics(meterRegistry));
	}

	/** Adds the detection topology to a builder; the tests build it on {@code TopologyTestDriver} the same way. */
	static KStream<String, StruggleDetected> build(StreamsBuilder builder, DetectionProperties properties,
			DetectionMetrics metrics) {
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DetectionProcessor.STATES),
				Serdes.String(), json(StudentState.class)));
		builder.addStateStore(Stores.keyValueStoreBuilder(
				Stores.persistentKeyValueStore(DetectionProcessor.STALL_CHECKS), Serdes.String(), Serdes.String()));
		Duration duplicateWindow = properties.duplicateWindow();
		builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(DetectionProcessor.SEEN_EVENT_IDS,
				duplicateWindow, duplicateWindow, false), Serdes.String(), Serdes.Long()));

		KStream<String, Activity> activities = null;
		for (EventTopic<?> topic : INPUTS) {
			String name = topic.name().replace('.', '-');
			KStream<String, InputParser.Parsed> parsed = builder
				.stream(topic.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-" + name))
				.processValues(() -> new InputParser(topic), Named.as("parse-" + name));
			parsed.filterNot((key, value) -> value.isValid(), Named.as("unreadable-" + name))
				.processValues(() -> new DeadLetters(metrics), Named.as("dead-letter-" + name))
				.to(topic.deadLetterTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()));
			KStream<String, Activity> read = parsed.filter((key, value) -> value.isValid(), Named.as("readable-" + name))
				.mapValues(InputParser.Parsed::activity, Named.as("activity-" + name));
			activities = (activities == null) ? read : activities.merge(read, Named.as("merge-" + name));
		}

		StruggleRules rules = new StruggleRules(properties);
		KStream<String, StruggleDetected> alerts = activities
			.selectKey((key, activity) -> activity.userId().toString(), Named.as("by-student"))
			.repartition(Repartitioned.with(Serdes.String(), json(Activity.class)).withName("activity-by-student"))
			.process(() -> new DetectionProcessor(rules, properties.stalledExercise().checkInterval(),
					properties.duplicateWindow(), metrics), Named.as("detect"), DetectionProcessor.STATES,
					DetectionProcessor.STALL_CHECKS, DetectionProcessor.SEEN_EVENT_IDS);
		alerts.to(TopicCatalog.STRUGGLE_DETECTED.name(), Produced.with(Serdes.String(), json(StruggleDetected.class)));
		return alerts;
	}

	/** JSON of the documented schema, without Java type headers. */
	static <T> JacksonJsonSerde<T> json(Class<T> type) {
		return new JacksonJsonSerde<T>(type).noTypeInfo().ignoreTypeHeaders();
	}

}
