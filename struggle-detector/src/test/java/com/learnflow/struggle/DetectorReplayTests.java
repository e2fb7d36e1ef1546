package com.learnflow.struggle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.util.FileSystemUtils;

import com.learnflow.kafka.CloudEventHeaders;
import com.learnflow.kafka.ConsumerGroupId;
import com.learnflow.ops.replay.DetectorReplay;
import com.learnflow.test.EmbeddedKafkaIntegrationTest;
import com.learnflow.test.TopicRecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operations tool's replay ({@code ./learnflow replay}) against a real detector on a
 * real broker: refused while the detector runs, and once it is stopped, reset and its
 * local state deleted, the detector reads its input again and emits every alert of the
 * live run again, with the same ids, and no other.
 *
 * <p>
 * The replay emits again the alerts of every test before it on this broker, so the
 * context is not reused after.
 */
@EmbeddedKafkaIntegrationTest
@DetectorTestProperties
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DetectorReplayTests {

	private static final String APPLICATION_ID = ConsumerGroupId.detection("local").value();

	@Autowired
	KafkaConnectionDetails kafka;

	@Autowired
	StreamsBuilderFactoryBean streams;

	@Test
	void aReplayFromTheEarliestOffsetEmitsTheLiveRunsAlertsAgainWithTheSameIds() throws Exception {
		await().atMost(Duration.ofSeconds(90))
			.until(() -> this.streams.getKafkaStreams().state() == KafkaStreams.State.RUNNING);
		List<UUID> students = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
		StruggleDetectionRoundTripTests.threeFailuresEach(bootstrap(), students);
		List<String> live;
		try (TopicRecords alerts = TopicRecords.of(bootstrap(), "struggle.detected")) {
			live = ids(alerts.awaitMatching((record) -> ofThese(students, record), students.size(),
					Duration.ofSeconds(90)));
		}
		DetectorReplay replay = new DetectorReplay(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));

		// While it runs: refused, and nothing changed.
		assertThat(replay.reset(APPLICATION_ID, DetectorReplay.From.earliest())).hasSize(1);

		String stateDir = (String) this.streams.getStreamsConfiguration().get(StreamsConfig.STATE_DIR_CONFIG);
		this.streams.stop();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> admin.describeConsumerGroups(List.of(APPLICATION_ID))
					.all()
					.get()
					.get(APPLICATION_ID)
					.members()
					.isEmpty());
		}
		assertThat(replay.reset(APPLICATION_ID, DetectorReplay.From.earliest())).isEmpty();
		FileSystemUtils.deleteRecursively(Path.of(stateDir, APPLICATION_ID));
		this.streams.start();

		try (TopicRecords alerts = TopicRecords.of(bootstrap(), "struggle.detected")) {
			alerts.awaitMatching((record) -> ofThese(students, record), 2 * students.size(), Duration.ofSeconds(120));
			List<String> all = ids(alerts.drain(Duration.ofSeconds(2)).matching((record) -> ofThese(students, record)));
			// Each alert of the live run once more, with its id; none missing, none new.
			assertThat(all).hasSize(2 * live.size());
			assertThat(all.stream().distinct().toList()).containsExactlyInAnyOrderElementsOf(live);
		}
	}

	private static boolean ofThese(List<UUID> students, ConsumerRecord<String, String> record) {
		return students.stream().anyMatch((student) -> student.toString().equals(record.key()));
	}

	private static List<String> ids(List<ConsumerRecord<String, String>> records) {
		return records.stream()
			.map((record) -> new String(record.headers().lastHeader(CloudEventHeaders.ID).value(),
					StandardCharsets.UTF_8))
			.toList();
	}

	private String bootstrap() {
		return this.kafka.getBootstrapServers().get(0);
	}

}
