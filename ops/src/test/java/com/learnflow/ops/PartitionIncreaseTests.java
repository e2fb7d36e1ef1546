package com.learnflow.ops;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import com.learnflow.kafka.CatalogTopics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@code partitions TOPIC COUNT} on a real broker, row by row in order (each row sees the
 * one before): an input topic grows with its dead-letter topic, and what cannot be done
 * is refused with the reason and changes nothing.
 */
@EmbeddedKafka(count = 1,
		brokerProperties = { "auto.create.topics.enable=false", "offsets.topic.replication.factor=1" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionIncreaseTests {

	private final EmbeddedKafkaBroker broker;

	private final Admin admin;

	PartitionIncreaseTests(EmbeddedKafkaBroker broker) {
		this.broker = broker;
		this.admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()));
	}

	@BeforeAll
	void catalogTopics() throws Exception {
		CatalogTopics.createMissing(this.admin, Duration.ofSeconds(30));
	}

	static Stream<Arguments> increases() {
		return Stream.of(
				arguments("code.executed", "6", 0, "code.executed: 3 -> 6 partitions, and code.executed.dlt with it",
						6),
				arguments("code.executed", "6", 1, "code.executed has 6 partitions: Kafka cannot remove partitions", 6),
				arguments("code.executed", "4", 1, "and 4 is not more", 6),
				arguments("struggle.detected", "6", 0,
						"struggle.detected: 3 -> 6 partitions, and struggle.detected.dlt with it", 6),
				arguments("struggle.detected", "5", 1, "struggle.detected has 6 partitions", 6),
				arguments("learning.submitted", "65", 1, "at most 64 partitions", 3),
				arguments("learning.submited", "6", 1, "'learning.submited' is not a catalog topic", -1),
				arguments("learning.submitted", "six", 2, "", 3));
	}

	@ParameterizedTest(name = "{0} to {1}: exit {2}")
	@MethodSource("increases")
	void eachIncreaseIsDoneOrRefusedWithItsReason(String topic, String count, int status, String said,
			int partitionsAfter) throws Exception {
		OpsRun run = OpsRun.of(this.broker.getBrokersAsString(), Map.of(), "partitions", topic, count);
		assertThat(run.status()).isEqualTo(status);
		assertThat(run.output() + run.error()).contains(said);
		if (partitionsAfter > 0) {
			assertThat(partitions(topic)).isEqualTo(partitionsAfter);
			assertThat(partitions(topic + ".dlt")).isEqualTo(partitionsAfter);
		}
	}

	private int partitions(String topic) throws Exception {
		return this.admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
	}

}
