package com.learnflow.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import com.learnflow.events.EventTopic;
import com.learnflow.events.TopicCatalog;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real broker that does not create topics by itself: a missing catalog topic is
 * created with the catalog's partitions and retention, and an existing topic is left
 * exactly as it is.
 */
@EmbeddedKafka(count = 1, brokerProperties = { "auto.create.topics.enable=false" })
class CatalogTopicsTests {

	@Test
	void createsWhatIsMissingAndLeavesWhatExists(EmbeddedKafkaBroker broker) throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
			admin.createTopics(List.of(new NewTopic("learning.submitted", Optional.of(1), Optional.empty())
				.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "3600000")))).all().get();

			List<String> created = CatalogTopics.createMissing(admin, Duration.ofSeconds(30));

			assertThat(created).containsExactlyInAnyOrder("code.executed", "exercise.started", "struggle.detected",
					"learning.submitted.dlt", "code.executed.dlt", "exercise.started.dlt", "struggle.detected.dlt");
			for (EventTopic<?> topic : TopicCatalog.all()) {
				boolean preExisting = topic == TopicCatalog.LEARNING_SUBMITTED;
				assertThat(partitions(admin, topic.name())).as(topic.name()).isEqualTo(preExisting ? 1 : 3);
				assertThat(retentionMs(admin, topic.name())).as(topic.name())
					.isEqualTo(preExisting ? "3600000" : topic.retentionMs());
				assertThat(partitions(admin, topic.deadLetterTopic())).as(topic.deadLetterTopic()).isEqualTo(3);
			}
			assertThat(CatalogTopics.createMissing(admin, Duration.ofSeconds(30))).as("a second run").isEmpty();
		}
	}

	private static int partitions(Admin admin, String topic) throws Exception {
		TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
		return description.partitions().size();
	}

	private static String retentionMs(Admin admin, String topic) throws Exception {
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
		Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
		return config.get(TopicConfig.RETENTION_MS_CONFIG).value();
	}

}
