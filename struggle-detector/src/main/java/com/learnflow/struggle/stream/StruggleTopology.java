package com.learnflow.struggle.stream;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.support.serializer.JacksonJsonSerde;

import com.learnflow.events.EventTimeWindow;
import com.learnflow.events.EventTopic;
import com.learnflow.events.StruggleDetected;
import com.learnflow.events.TopicCatalog;
import com.learnflow.kafka.ConsumerGroupId;
import com.learnflow.kafka.LearnFlowProperties;
import com.learnflow.kafka.OwnedTopics;
import com.learnflow.struggle.rules.Activity;
import com.learnflow.struggle.rules.DetectionProperties;
import com.learnflow.struggle.rules.StruggleRules;

/**
 * The detection topology: the three learning topics read in any producer's form (bad
 * records to their dead-letter topics), re-keyed by student, run through the rules with
 * per-student state, and the alerts written to {@code struggle.detected}.
 */
@Configuration(proxyBeanMethods = false)
public class StruggleTopology {

	/**
	 * The application id, which is also the consumer group:
	 * {@code struggle-detector-{environment}-detection}.
	 */

	/**
	 * The name of the step that re-keys activity by student, and so of its repartition
	 * topic.
	 */
	public static final String ACTIVITY_BY_STUDENT = "activity-by-student";

	/**
	 * The consumer's own setting whether {@code close} sends a LeaveGroup request (an
	 * internal one of Kafka's).
	 */
	static final String LEAVE_GROUP_ON_CLOSE = "internal.leave.group.on.close";

	static final List<EventTopic<?>> INPUTS = TopicCatalog.activity();

	@Bean
	StreamsBuilderFactoryBeanConfigurer detectionStreamsConfiguration(ConsumerGroupId applicationId,
			DeadLetterSink deadLetters, DetectionMetrics metrics, Clock clock) {
		return (factoryBean) -> {
			var config = factoryBean.getStreamsConfiguration();
			config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId.value());
			// A record that cannot be read, processed or written is dead-lettered and
			// processing goes on.
			config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, RecordFailureHandler.class);
			config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RecordFailureHandler.class);
			config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RecordFailureHandler.class);
			config.put(DeadLetterSink.CONFIG, deadLetters);
			// A negative record timestamp (on any topic, internal ones included) never
			// stops a stream thread.
			config.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, InputTimestamps.class);
			// A detector that stops cleanly (a rolling update, a scale-down) leaves its
			// consumer group at once, so
			// that its partitions move to the next detector instead of lying idle until
			// its session times out
			// (30 s). Kafka Streams 4.1 keeps a dynamic member in the group on close by
			// default, and its close
			// option to leave (spring-kafka's leaveGroupOnClose) applies only to static
			// members; this consumer
			// setting is the one Kafka Streams itself overrides for that.
			config.put(StreamsConfig.mainConsumerPrefix(LEAVE_GROUP_ON_CLOSE), true);
			factoryBean.setStreamsConfiguration(config);
			factoryBean.setStreamsUncaughtExceptionHandler(new StreamThreadReplacement(metrics, clock));
		};
	}

	@Bean
	DetectionMetrics detectionMetrics(MeterRegistry meterRegistry) {
		return new DetectionMetrics(meterRegistry);
	}

	/**
	 * Records of the detector's internal topics that cannot be read go to its own
	 * dead-letter topic.
	 */
	@Bean(destroyMethod = "close")
	DeadLetterSink deadLetterSink(KafkaProperties kafkaProperties, KafkaConnectionDetails connection,
			ConsumerGroupId applicationId, DetectionMetrics metrics) {
		Map<String, Object> config = kafkaProperties.buildProducerProperties();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getProducer().getBootstrapServers());
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.CLIENT_ID_CONFIG, applicationId.value() + "-dead-letters");
		return new DeadLetterSink(() -> new KafkaProducer<>(config),
				DeadLetterSink.internalTopic(applicationId.value()), metrics);
	}

	/**
	 * The detector owns the alert topic and the dead-letter topics of its inputs (it
	 * writes their dead letters), and of the alerts, for their consumers; each ingest
	 * service owns its input topic. Where the deployment does not provision them, the
	 * detector starts after the ingest services, as {@code ./learnflow up} and compose
	 * order it.
	 */
	@Bean
	OwnedTopics detectorOwnedTopics() {
		List<EventTopic<?>> deadLetters = new ArrayList<>(INPUTS);
		deadLetters.add(TopicCatalog.STRUGGLE_DETECTED);
		return new OwnedTopics(List.of(TopicCatalog.STRUGGLE_DETECTED), deadLetters);
	}

	@Bean
	NewTopic internalDeadLetterTopic(ConsumerGroupId applicationId) {
		return TopicBuilder.name(DeadLetterSink.internalTopic(applicationId.value()))
			.partitions(TopicCatalog.PARTITIONS)
			.config(TopicConfig.RETENTION_MS_CONFIG, TopicCatalog.ACTIVITY_RETENTION.toMillis() + "")
			.build();
	}

	@Bean
	KStream<String, StruggleDetected> struggleDetection(StreamsBuilder builder, DetectionProperties properties,
			EventTimeWindow eventTimeWindow, DetectionMetrics metrics, KafkaAdmin kafkaAdmin,
			ConsumerGroupId applicationId) {
		int partitions = RepartitionPartitions.resolve(kafkaAdmin,
				applicationId.value() + "-" + ACTIVITY_BY_STUDENT + "-repartition", properties.repartitionPartitions());
		return build(builder, properties, eventTimeWindow, metrics, partitions);
	}

	/**
	 * The Kafka Streams application id, which is also its consumer group and the prefix
	 * of its internal topics: {@code struggle-detector-<environment>-detection}, as the
	 * operations tool and the bench name it too.
	 */
	@Bean
	ConsumerGroupId detectionApplicationId(LearnFlowProperties properties) {
		return ConsumerGroupId.detection(properties.environment());
	}

	/**
	 * Adds the detection topology to a builder; the tests build it on
	 * {@code TopologyTestDriver} the same way.
	 */
	static KStream<String, StruggleDetected> build(StreamsBuilder builder, DetectionProperties properties,
			EventTimeWindow eventTimeWindow, DetectionMetrics metrics, int repartitionPartitions) {
		// The states go through Kafka Streams' record cache: a student's state read again
		// before the next commit
		// comes from memory, and reaches RocksDB and its changelog once per commit
		// however often it changed.
		builder.addStateStore(
				Stores
					.keyValueStoreBuilder(Stores.persistentKeyValueStore(DetectionProcessor.STATES), Serdes.String(),
							StudentStateFormat.serde(metrics))
					.withCachingEnabled());
		builder.addStateStore(Stores.keyValueStoreBuilder(
				Stores.persistentKeyValueStore(DetectionProcessor.STALL_CHECKS), Serdes.String(), Serdes.String()));
		builder.addStateStore(Stores.keyValueStoreBuilder(
				Stores.persistentKeyValueStore(DetectionProcessor.STATE_EXPIRY), Serdes.String(), Serdes.String()));

		KStream<String, Activity> activities = null;
		for (EventTopic<?> topic : INPUTS) {
			String name = topic.name().replace('.', '-');
			KStream<String, InputParser.Parsed> parsed = builder
				.stream(topic.name(),
						Consumed.with(Serdes.String(), Serdes.ByteArray())
							.withTimestampExtractor(new InputTimestamps())
							.withName("read-" + name))
				.processValues(() -> new InputParser(topic, eventTimeWindow), Named.as("parse-" + name));
			parsed.filterNot((key, value) -> value.isValid(), Named.as("unreadable-" + name))
				.processValues(() -> new DeadLetters(metrics), Named.as("dead-letter-" + name))
				.to(topic.deadLetterTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()));
			KStream<String, Activity> read = parsed
				.filter((key, value) -> value.isValid(), Named.as("readable-" + name))
				.mapValues(InputParser.Parsed::activity, Named.as("activity-" + name));
			activities = (activities == null) ? read : activities.merge(read, Named.as("merge-" + name));
		}

		StruggleRules rules = new StruggleRules(properties);
		KStream<String, StruggleDetected> alerts = activities
			.selectKey((key, activity) -> activity.userId().toString(), Named.as("by-student"))
			// A fixed partition count: adding partitions to an input topic, with any
			// tool, leaves it as it is.
			.repartition(Repartitioned.with(Serdes.String(), InternalFormat.activities())
				.withName(ACTIVITY_BY_STUDENT)
				.withNumberOfPartitions(repartitionPartitions))
			.process(
					() -> new DetectionProcessor(rules, properties.stalledExercise(), properties.duplicateWindow(),
							eventTimeWindow.maxAge(), metrics),
					Named.as("detect"), DetectionProcessor.STATES, DetectionProcessor.STALL_CHECKS,
					DetectionProcessor.STATE_EXPIRY);
		alerts.to(TopicCatalog.STRUGGLE_DETECTED.name(), Produced.with(Serdes.String(), json(StruggleDetected.class)));
		return alerts;
	}

	/** JSON of the documented schema, without Java type headers. */
	static <T> JacksonJsonSerde<T> json(Class<T> type) {
		return new JacksonJsonSerde<T>(type).noTypeInfo().ignoreTypeHeaders();
	}

}
