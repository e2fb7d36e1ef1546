package com.learnflow.kafka;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.learnflow.events.TopicCatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A service's owned topics become admin requests with the catalog's partitions and
 * retention.
 */
class OwnedTopicsTests {

	static Stream<Arguments> owners() {
		return Stream.of(
				arguments("an ingest service", new OwnedTopics(List.of(TopicCatalog.CODE_EXECUTED), List.of()),
						Map.of("code.executed", "604800000")),
				arguments("the detector",
						new OwnedTopics(List.of(TopicCatalog.STRUGGLE_DETECTED),
								List.of(TopicCatalog.CODE_EXECUTED, TopicCatalog.STRUGGLE_DETECTED)),
						Map.of("struggle.detected", "259200000", "code.executed.dlt", "604800000",
								"struggle.detected.dlt", "259200000")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("owners")
	void eachOwnedTopicHasTheCatalogsSettings(String owner, OwnedTopics owned, Map<String, String> retentions) {
		List<NewTopic> topics = owned.newTopics();
		assertThat(topics).extracting(NewTopic::name).containsExactlyInAnyOrderElementsOf(retentions.keySet());
		assertThat(topics).allSatisfy((topic) -> {
			assertThat(topic.numPartitions()).isEqualTo(TopicCatalog.PARTITIONS);
			assertThat(topic.configs()).containsEntry("retention.ms", retentions.get(topic.name()));
		});
	}

}
