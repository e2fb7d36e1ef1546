package com.learnflow.struggle.operations;

import org.apache.kafka.streams.KafkaStreams;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * The detector is ready while its stream threads run or rebalance, and not once they have
 * stopped or failed.
 */
@Component
class KafkaStreamsHealthIndicator extends AbstractHealthIndicator {

	private final StreamsBuilderFactoryBean streams;

	KafkaStreamsHealthIndicator(StreamsBuilderFactoryBean streams) {
		super("Kafka Streams state could not be read");
		this.streams = streams;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		KafkaStreams kafkaStreams = this.streams.getKafkaStreams();
		KafkaStreams.State state = (kafkaStreams != null) ? kafkaStreams.state() : KafkaStreams.State.CREATED;
		boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
		(up ? builder.up() : builder.down()).withDetail("state", state.name());
	}

}
