package com.learnflow.struggle.stream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaAdmin;

/**
 * The partition count of the topic that re-keys activity by student: the count of the
 * topic as it already exists, else the configured one. A detector whose repartition topic
 * was made by an earlier version (which took the input topics' count, 3) or with another
 * setting keeps it, since Kafka Streams refuses to start with any other count.
 */
final class RepartitionPartitions {

	private static final Logger log = LoggerFactory.getLogger(RepartitionPartitions.class);

	private RepartitionPartitions() {
	}

	static int resolve(KafkaAdmin kafkaAdmin, String topic, int configured) {
		Map<String, Object> config = new java.util.HashMap<>(kafkaAdmin.getConfigurationProperties());
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
		try (Admin admin = Admin.create(config)) {
			int existing = admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get(10, TimeUnit.SECONDS)
				.get(topic)
				.partitions()
				.size();
			if (existing != configured) {
				log.warn(
						"{} exists with {} partitions; keeping them (learnflow.detection.repartition-partitions is {})",
						topic, existing, configured);
			}
			return existing;
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
				log.warn("Could not describe {} ({}); using {} partitions", topic, ex.getCause().toString(),
						configured);
			}
			return configured;
		}
		catch (TimeoutException | RuntimeException ex) {
			log.warn("Could not describe {} ({}); using {} partitions", topic, ex.toString(), configured);
			return configured;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return configured;
		}
	}

}
