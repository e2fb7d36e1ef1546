package com.learnflow.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.learnflow.kafka.CatalogTopics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topics that the Bitnami values files provision and that docker-compose creates are
 * exactly the catalog's (names, partitions, retention): the catalog in
 * {@code common-events} stays the one source of truth.
 */
class TopicsMatchCatalogTests {

	/** The catalog's topics, as (name, partitions, retention.ms). */
	static Set<Topic> catalog() {
		return CatalogTopics.newTopics()
			.stream()
			.map((NewTopic topic) -> new Topic(topic.name(), topic.numPartitions(),
					topic.configs().get(TopicConfig.RETENTION_MS_CONFIG)))
			.collect(Collectors.toSet());
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "values-dev.yaml", "values-production.yaml", "values-secure.yaml" })
	void theHelmValuesProvisionTheCatalog(String file) {
		Map<String, Object> values = Manifests.parse(Manifests.K8S.resolve("kafka").resolve(file));
		Map<String, Object> provisioning = K8sObjects.map(values, "provisioning");
		if (file.equals("values-secure.yaml") && !provisioning.containsKey("topics")) {
			return; // layered on top of values-production.yaml, which provisions the
					// topics
		}
		assertThat(provisioning.get("enabled")).as(file + " provisioning.enabled").isEqualTo(Boolean.TRUE);
		Set<Topic> provisioned = new HashSet<>();
		for (Map<String, Object> topic : K8sObjects.list(provisioning, "topics")) {
			provisioned.add(new Topic(String.valueOf(topic.get("name")), ((Number) topic.get("partitions")).intValue(),
					String.valueOf(K8sObjects.map(topic, "config").get("retention.ms"))));
		}
		assertThat(provisioned).as(file).isEqualTo(catalog());
	}

	@Test
	void dockerComposeCreatesTheCatalog() throws IOException {
		String compose = Files.readString(Manifests.ROOT.resolve("docker-compose.yml"));
		Matcher creates = Pattern
			.compile("--topic\\s+([\\w.]+)\\s+--partitions\\s+(\\d+)\\s+--config\\s+retention\\.ms=(\\d+)")
			.matcher(compose);
		Set<Topic> created = new HashSet<>();
		while (creates.find()) {
			created.add(new Topic(creates.group(1), Integer.parseInt(creates.group(2)), creates.group(3)));
		}
		assertThat(created).isEqualTo(catalog());
		assertThat(compose).contains("KAFKA_AUTO_CREATE_TOPICS_ENABLE: \"false\"");
	}

	@Test
	void productionReplicatesThreeTimesWithTwoInSync() {
		Map<String, Object> values = Manifests.parse(Manifests.K8S.resolve("kafka").resolve("values-production.yaml"));
		List<Map<String, Object>> topics = K8sObjects.list(values, "provisioning", "topics");
		assertThat(topics).allSatisfy((topic) -> assertThat(topic.get("replicationFactor")).isEqualTo(3));
		String overrides = String.valueOf(values.get("overrideConfiguration"));
		assertThat(overrides).contains("min.insync.replicas=2").contains("default.replication.factor=3");
	}

	/**
	 * @param name the topic
	 * @param partitions its partitions
	 * @param retentionMs its {@code retention.ms}
	 */
	record Topic(String name, int partitions, String retentionMs) {
	}

	static Path root() {
		return Manifests.ROOT;
	}

}
