package com.learnflow.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.learnflow.events.EventTopic;
import com.learnflow.events.TopicCatalog;

/**
 * Creates each catalog topic that is missing, with the catalog's partitions and
 * retention, and leaves existing topics alone.
 */
public final class CatalogTopics {

	private static final Logger log = LoggerFactory.getLogger(CatalogTopics.class);

	private CatalogTopics() {
	}

	/**
	 * The catalog's topics and their dead-letter topics (same partitions and retention)
	 * as Kafka admin requests; the replication factor is the broker's default.
	 */
	public static List<NewTopic> newTopics() {
		List<NewTopic> topics = new ArrayList<>();
		for (EventTopic<?> topic : TopicCatalog.all()) {
			topics.add(newTopic(topic.name(), topic));
			topics.add(newTopic(topic.deadLetterTopic(), topic));
		}
		return topics;
	}

	static NewTopic newTopic(String name, EventTopic<?> settings) {
		return new NewTopic(name, Optional.of(settings.partitions()), Optional.empty())
			.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, settings.retentionMs()));
	}

	/**
	 * Creates the catalog topics that do not exist yet.
	 * @return the names of the topics created
	 */
	public static List<String> createMissing(Admin admin, Duration timeout)
			throws InterruptedException, ExecutionException, TimeoutException {
		return createMissing(admin, timeout, newTopics());
	}

	/**
	 * Creates those of the given catalog topics that do not exist yet.
	 * @return the names of the topics created
	 */
	public static List<String> createMissing(Admin admin, Duration timeout, List<NewTopic> topics)
			throws InterruptedException, ExecutionException, TimeoutException {
		long deadline = System.nanoTime() + timeout.toNanos();
		Set<String> existing = admin.listTopics().names().get(remaining(deadline), TimeUnit.NANOSECONDS);
		List<NewTopic> missing = topics.stream().filter((topic) -> !existing.contains(topic.name())).toList();
		warnAboutDrift(admin, existing, deadline);
		List<String> created = new ArrayList<>();
		if (missing.isEmpty()) {
			return created;
		}
		for (var result : admin.createTopics(missing).values().entrySet()) {
			try {
				result.getValue().get(remaining(deadline), TimeUnit.NANOSECONDS);
				created.add(result.getKey());
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof TopicExistsException)) {
					throw ex;
				}
				// Another instance created it meanwhile: that is the outcome we wanted.
			}
		}
		return created;
	}

	private static void warnAboutDrift(Admin admin, Set<String> existing, long deadline)
			throws InterruptedException, ExecutionException, TimeoutException {
		List<String> present = TopicCatalog.all().stream().map(EventTopic::name).filter(existing::contains).toList();
		if (present.isEmpty()) {
			return;
		}
		Map<String, TopicDescription> descriptions = admin.describeTopics(present)
			.allTopicNames()
			.get(remaining(deadline), TimeUnit.NANOSECONDS);
		descriptions.forEach((name, description) -> {
			int expected = TopicCatalog.byName(name).orElseThrow().partitions();
			if (description.partitions().size() < expected) {
				log.warn("Topic {} has {} partitions, fewer than the catalog's {}; left as it is", name,
						description.partitions().size(), expected);
			}
		});
	}

	private static long remaining(long deadline) {
		return Math.max(0, deadline - System.nanoTime());
	}

}
