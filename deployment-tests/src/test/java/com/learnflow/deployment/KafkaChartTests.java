package com.learnflow.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.learnflow.kafka.CatalogTopics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our Kafka values files through the real Bitnami chart (32.4.4, from {@code ../shared},
 * rendered by {@code k8s/kafka/render}): every documented combination renders, every
 * object passes the same strict checks as our manifests, and what the values are for
 * holds in the rendered objects (images, network policy, retention).
 */
class KafkaChartTests {

	static final String SECURE = "production+secure";

	static List<String> combinations() {
		return Manifests.chartCombinations();
	}

	@Test
	void theDocumentedCombinationsAreRendered() {
		assertThat(combinations()).containsExactly("dev", "production", SECURE);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("combinations")
	void everyObjectTheChartRendersPassesItsSchema(String combination) {
		List<Map<String, Object>> objects = Manifests.renderChart(combination);
		assertThat(objects).extracting(K8sObjects::kind).contains("StatefulSet", "Service", "Job");
		objects.forEach((object) -> ManifestSchemaTests.assertPassesItsSchema("chart " + combination, object));
	}

	/**
	 * The install commands in the docs and the values files' headers name the chart
	 * version CI renders.
	 */
	@Test
	void everyInstallCommandPinsTheRenderedChartVersionFromOci() throws IOException {
		String version = String.valueOf(
				Manifests.parse(Manifests.ROOT.resolve("../shared/charts/bitnami-kafka-32.4.4/Chart.yaml").normalize())
					.get("version"));
		assertThat(version).isEqualTo("32.4.4");
		List<String> sources = new ArrayList<>(List.of("docs/deployment.md"));
		for (String values : List.of("values-dev.yaml", "values-production.yaml", "values-secure.yaml")) {
			sources.add("k8s/kafka/" + values);
		}
		Pattern install = Pattern.compile("helm (?:install|upgrade) kafka [^\\n]*");
		for (String source : sources) {
			Matcher commands = install.matcher(Files.readString(Manifests.ROOT.resolve(source)));
			int found = 0;
			while (commands.find()) {
				found++;
				assertThat(commands.group()).as(source)
					.contains("kafka oci://registry-1.docker.io/bitnamicharts/kafka --version " + version);
			}
			assertThat(found).as(source + ": helm install commands").isPositive();
		}
	}

	/**
	 * Chart 32.4.4 (common 2.31.4) lets bitnamilegacy images through with a warning, so
	 * no values file needs global.security.allowInsecureImages, which would let any image
	 * through; any other image is still refused.
	 */
	@Test
	void bitnamilegacyImagesNeedNoAllowInsecureImages() {
		for (String values : List.of("values-dev.yaml", "values-production.yaml", "values-secure.yaml")) {
			assertThat(K8sObjects.map(Manifests.parse(Manifests.K8S.resolve("kafka").resolve(values)), "global"))
				.as(values)
				.doesNotContainKey("security");
		}
		for (String combination : combinations()) {
			List<String> images = Manifests.renderChart(combination)
				.stream()
				.flatMap((object) -> containers(object).stream())
				.map((container) -> String.valueOf(container.get("image")))
				.toList();
			assertThat(images).as(combination)
				.isNotEmpty()
				.allMatch((image) -> image.startsWith("docker.io/bitnamilegacy/"));
		}
		Manifests.Run substituted = Manifests.chart("production", "--set", "image.repository=example/kafka");
		assertThat(substituted.exitCode()).isNotZero();
		assertThat(substituted.errors()).contains("Original containers have been substituted");
	}

	/**
	 * Clients from learnflow and keda, metrics from monitoring, the listeners between the
	 * Kafka pods only.
	 */
	@Test
	void theChartsNetworkPolicyAdmitsOnlyLearnflowKedaAndMonitoring() {
		Map<String, Object> policy = Manifests.renderChart(SECURE)
			.stream()
			.filter((object) -> "NetworkPolicy".equals(K8sObjects.kind(object)))
			.findFirst()
			.orElseThrow();
		Map<String, Set<Object>> portsBySource = new TreeMap<>();
		for (Map<String, Object> rule : K8sObjects.list(policy, "spec", "ingress")) {
			List<Map<String, Object>> from = K8sObjects.list(rule, "from");
			assertThat(from).as("an ingress rule without 'from' admits every pod of the cluster").isNotEmpty();
			Set<Object> ports = K8sObjects.list(rule, "ports")
				.stream()
				.map((port) -> port.get("port"))
				.collect(Collectors.toSet());
			for (Map<String, Object> peer : from) {
				String namespace = K8sObjects.string(peer, "namespaceSelector", "matchLabels",
						"kubernetes.io/metadata.name");
				String source;
				if (namespace != null) {
					source = "namespace " + namespace;
				}
				else {
					assertThat(peer).as("a peer of its own namespace").containsOnlyKeys("podSelector");
					source = "pods " + K8sObjects.map(peer, "podSelector", "matchLabels");
				}
				portsBySource.computeIfAbsent(source, (key) -> new HashSet<>()).addAll(ports);
			}
		}
		assertThat(portsBySource).isEqualTo(
				Map.of("namespace learnflow", Set.of(9092), "namespace keda", Set.of(9092), "namespace monitoring",
						Set.of(5556), "pods {app.kubernetes.io/instance=kafka, app.kubernetes.io/name=kafka}",
						Set.of(9092, 9093, 9094, 5556)));
		assertThat(K8sObjects.list(policy, "spec", "egress")).as("egress to anywhere").noneMatch(Map::isEmpty);
	}

	/**
	 * Retention deletes closed segments only: each catalog topic the provisioning job
	 * creates rolls a segment within a tenth of its retention, so no record outlives its
	 * retention.ms by more than that.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("combinations")
	void retentionHoldsEveryTopicRollsItsSegmentsWithinATenthOfItsRetention(String combination) {
		String job = Manifests.renderChart(combination)
			.stream()
			.filter((object) -> "Job".equals(K8sObjects.kind(object)))
			.map(ManifestSchemaTests.JSON::writeValueAsString)
			.findFirst()
			.orElseThrow();
		Map<String, long[]> created = new TreeMap<>(); // topic -> retention.ms,
														// segment.ms, partitions
		for (String command : job.split("kafka-topics\\.sh")) {
			Matcher topic = Pattern.compile("--topic ([\\w.]+)").matcher(command);
			Matcher retention = Pattern.compile("--config retention\\.ms=(\\d+)").matcher(command);
			Matcher segment = Pattern.compile("--config segment\\.ms=(\\d+)").matcher(command);
			Matcher partitions = Pattern.compile("--partitions (\\d+)").matcher(command);
			if (topic.find()) {
				created.put(topic.group(1),
						new long[] { retention.find() ? Long.parseLong(retention.group(1)) : -1,
								segment.find() ? Long.parseLong(segment.group(1)) : Long.MAX_VALUE,
								partitions.find() ? Long.parseLong(partitions.group(1)) : -1 });
			}
		}
		assertThat(created.keySet())
			.isEqualTo(CatalogTopics.newTopics().stream().map(NewTopic::name).collect(Collectors.toSet()));
		for (NewTopic topic : CatalogTopics.newTopics()) {
			long retentionMs = Long.parseLong(topic.configs().get(TopicConfig.RETENTION_MS_CONFIG));
			long[] settings = created.get(topic.name());
			assertThat(settings[0]).as(topic.name() + " retention.ms").isEqualTo(retentionMs);
			assertThat(settings[1]).as(topic.name() + " segment.ms").isLessThanOrEqualTo(retentionMs / 10);
			assertThat(settings[2]).as(topic.name() + " partitions").isEqualTo(topic.numPartitions());
		}
	}

	/**
	 * Production replicates each topic three times and acknowledges a write with two
	 * replicas in sync.
	 */
	@Test
	void productionReplicatesThreeTimesWithTwoInSync() {
		Map<String, Object> values = Manifests.parse(Manifests.K8S.resolve("kafka").resolve("values-production.yaml"));
		List<Map<String, Object>> topics = K8sObjects.list(values, "provisioning", "topics");
		assertThat(topics).allSatisfy((topic) -> assertThat(topic.get("replicationFactor")).isEqualTo(3));
		String overrides = String.valueOf(values.get("overrideConfiguration"));
		assertThat(overrides).contains("min.insync.replicas=2").contains("default.replication.factor=3");
	}

	/**
	 * The compose broker, like every other local one, creates no topic on first use (a
	 * misspelt topic is an error): its file input is the shared single-node settings,
	 * which say so, and nothing else.
	 */
	@Test
	void theComposeBrokerCreatesNoTopicOnFirstUse() throws IOException {
		String compose = Files.readString(Manifests.ROOT.resolve("docker-compose.yml"));
		Path settings = Manifests.ROOT.resolve("local-broker/src/main/resources/single-node-broker");
		assertThat(compose)
			.contains(
					"source: ./local-broker/src/main/resources/single-node-broker\n        target: /mnt/shared/config")
			.doesNotContain("KAFKA_AUTO_CREATE_TOPICS_ENABLE")
			.doesNotContain("kafka-topics.sh");
		try (var files = Files.list(settings)) {
			assertThat(files.map((file) -> file.getFileName().toString())).containsExactly("server.properties");
		}
		Properties broker = new Properties();
		try (var in = Files.newBufferedReader(settings.resolve("server.properties"))) {
			broker.load(in);
		}
		assertThat(broker).containsEntry("auto.create.topics.enable", "false");
	}

	/**
	 * The chart's exporter applies its own rules first and stops at the first match, so
	 * extraRules for the MBeans the alerts read could never apply; the alerts use the
	 * chart's names (proven against a real scrape by monitoring/check-alerts) and the
	 * chart renders them as a PrometheusRule.
	 */
	@Test
	void theBrokerAlertsComeWithTheChartAndNoExtraRules() {
		Map<String, Object> values = Manifests.parse(Manifests.K8S.resolve("kafka").resolve("values-production.yaml"));
		assertThat(K8sObjects.map(values, "metrics", "jmx")).doesNotContainKey("extraRules");
		Map<String, Object> rule = Manifests.renderChart(SECURE)
			.stream()
			.filter((object) -> "PrometheusRule".equals(K8sObjects.kind(object)))
			.findFirst()
			.orElseThrow();
		assertThat(K8sObjects.list(rule, "spec", "groups")
			.stream()
			.flatMap((group) -> K8sObjects.list(group, "rules").stream())).extracting((alert) -> alert.get("alert"))
			.containsExactly("KafkaUnderReplicatedPartitions", "KafkaOfflinePartitions", "KafkaNoActiveController",
					"KafkaMetricsMissing", "KafkaRequestRateHigh");
	}

	private static List<Map<String, Object>> containers(Map<String, Object> object) {
		Map<String, Object> pod = K8sObjects.podSpec(object);
		List<Map<String, Object>> containers = new ArrayList<>(K8sObjects.list(pod, "containers"));
		containers.addAll(K8sObjects.list(pod, "initContainers"));
		return containers;
	}

}
