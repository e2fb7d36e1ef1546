package com.learnflow.struggle.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Exports {@code learnflow.detector.consumer.lag} (Prometheus:
 * {@code learnflow_detector_consumer_lag_records}): the largest number of records any
 * partition of the detector's input is behind, over its stream threads' consumers. The
 * Kafka chart no longer ships a lag exporter, so alerting on lag reads this gauge.
 */
@Component
class ConsumerLagGauge implements SmartInitializingSingleton {

	private final StreamsBuilderFactoryBean streams;

	private final MeterRegistry registry;

	ConsumerLagGauge(StreamsBuilderFactoryBean streams, MeterRegistry registry) {
		this.streams = streams;
		this.registry = registry;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Gauge.builder("learnflow.detector.consumer.lag", this, ConsumerLagGauge::maxRecordsLag)
			.description("Largest records lag of the detector's consumers over its input partitions")
			.baseUnit("records")
			.register(this.registry);
	}

	/**
	 * The largest per-partition {@code records-lag} of the main consumers, or 0 while
	 * none is known.
	 */
	double maxRecordsLag() {
		KafkaStreams kafkaStreams = this.streams.getKafkaStreams();
		if (kafkaStreams == null) {
			return 0;
		}
		double max = 0;
		for (var entry : kafkaStreams.metrics().entrySet()) {
			MetricName name = entry.getKey();
			if (isMainConsumerPartitionLag(name)) {
				Object value = ((Metric) entry.getValue()).metricValue();
				if (value instanceof Double lag && !lag.isNaN()) {
					max = Math.max(max, lag);
				}
			}
		}
		return max;
	}

	static boolean isMainConsumerPartitionLag(MetricName name) {
		String clientId = name.tags().getOrDefault("client-id", "");
		return name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
				&& name.tags().containsKey("partition") && clientId.endsWith("-consumer")
				&& !clientId.endsWith("-restore-consumer");
	}

}
