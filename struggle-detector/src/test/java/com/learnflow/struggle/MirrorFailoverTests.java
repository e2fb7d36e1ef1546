package com.learnflow.struggle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import com.learnflow.kafka.CloudEventHeaders;
import com.learnflow.kafka.ConsumerGroupId;
import com.learnflow.ops.replay.DetectorReplay;
import com.learnflow.test.EmbeddedKafkaIntegrationTest;
import com.learnflow.test.HttpJson;
import com.learnflow.test.KafkaBrokerProcess;
import com.learnflow.test.TestJvm;
import com.learnflow.test.TopicRecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The disaster-recovery plan of {@code docs/runbook.md}, on two single-node brokers:
 * MirrorMaker 2 in dedicated mode (Kafka's own {@code connect-mirror}, as
 * {@code connect-mirror-maker.sh} runs it, in its own process) mirrors the catalog's
 * topics from the primary (this context's broker) to a backup broker under the same
 * names, committed records only, and translates a downstream group's offsets. On failover
 * the primary's detector is gone; a detector on the backup, reset as the runbook says,
 * replays the mirrored inputs and writes every alert of the primary again, with the same
 * ids, and no other; its read API answers each once; the downstream group resumes on the
 * backup from its translated offsets and misses no alert.
 */
@EmbeddedKafkaIntegrationTest
@DetectorTestProperties
@TestPropertySource(properties = "learnflow.test.context=mirror-failover")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MirrorFailoverTests {

	private static final String APPLICATION_ID = ConsumerGroupId.detection("local").value();

	/** A downstream consumer of the alerts, such as the notification service. */
	private static final String NOTIFICATIONS = "notifications-local-alerts";

	private static final String MIRRORED = "learning\\.submitted|code\\.executed|exercise\\.started|struggle\\.detected"
			+ "|.*\\.dlt";

	/** What {@code connect-mirror-maker.sh} runs: MirrorMaker 2 in dedicated mode. */
	private static final String MIRROR_MAKER = "org.apache.kafka.connect.mirror.MirrorMaker";

	@Autowired
	KafkaConnectionDetails kafka;

	@Autowired
	StreamsBuilderFactoryBean streams;

	@TempDir
	Path work;

	@Test
	void aDetectorOnTheBackupReplaysTheMirroredInputsIntoTheSameAlertsAndConsumersResumeWithoutASkip()
			throws Exception {
		await().atMost(Duration.ofSeconds(90))
			.until(() -> this.streams.getKafkaStreams().state() == KafkaStreams.State.RUNNING);
		List<UUID> students = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
				UUID.randomUUID(), UUID.randomUUID());
		StruggleDetectionRoundTripTests.threeFailuresEach(primary(), students);
		Set<String> primaryAlerts;
		try (TopicRecords alerts = TopicRecords.of(primary(), "struggle.detected")) {
			primaryAlerts = ids(alerts.awaitMatching((record) -> true, students.size(), Duration.ofSeconds(90)));
		}
		assertThat(primaryAlerts).hasSize(students.size());
		// The notification service has read the first alert of each partition on the
		// primary.
		Map<TopicPartition, String> readOnPrimary = readAndCommitTheFirstOfEachPartition(primary(), students.size());

		try (KafkaBrokerProcess backup = KafkaBrokerProcess.start(this.work.resolve("backup"))) {
			Process mirrorMaker = TestJvm.start(this.work, this.work.resolve("mirror-maker.log"),
					List.of("-Dlogback.configurationFile=" + loggingAtInfo()), MIRROR_MAKER,
					mirrorMakerConfig(backup.bootstrapServers()).toString());
			try {
				// MirrorMaker creates the topics on the backup and copies their records
				// (without transactions there:
				// the end offsets count them).
				await().atMost(Duration.ofSeconds(120))
					.ignoreExceptions()
					.until(() -> records(backup.bootstrapServers(), "struggle.detected") >= students.size()
							&& records(backup.bootstrapServers(), "code.executed") >= 3 * students.size());
				try (TopicRecords mirrored = TopicRecords.of(backup.bootstrapServers(), "struggle.detected")) {
					assertThat(ids(mirrored.awaitMatching((record) -> true, students.size(), Duration.ofSeconds(30))))
						.isEqualTo(primaryAlerts);
				}
				// The group's offsets, translated, on every partition it had committed on
				// the primary.
				await().atMost(Duration.ofSeconds(60))
					.until(() -> committed(backup.bootstrapServers()).keySet().equals(readOnPrimary.keySet()));
			}
			finally {
				// Failover, step 1: mirroring stops. Its log stays in target/ for whoever
				// reads a failed run.
				mirrorMaker.destroy();
				if (!mirrorMaker.waitFor(30, TimeUnit.SECONDS)) {
					mirrorMaker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
				}
				Files.copy(this.work.resolve("mirror-maker.log"), Path.of("target", "mirror-maker.log"),
						StandardCopyOption.REPLACE_EXISTING);
			}
			// The primary is lost: its detector with it.
			this.streams.stop();
			// Step 4, before the replay writes its alerts there: the notification service
			// on the backup resumes from
			// its translated offsets; it may read an alert again, and misses none.
			// (No auto.offset.reset: a partition without a translated offset fails rather
			// than reads from the start.)
			Set<String> readInAll = new HashSet<>(readOnPrimary.values());
			readInAll.addAll(readFromCommitted(backup.bootstrapServers(), readOnPrimary.keySet()));
			assertThat(readInAll).isEqualTo(primaryAlerts);

			// Step 3: the detector on the backup, reset (nothing of it was mirrored: its
			// group is new there).
			Map<String, Object> backupClient = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
					backup.bootstrapServers());
			DetectorReplay replay = new DetectorReplay(backupClient);
			assertThat(replay.reset(APPLICATION_ID, DetectorReplay.From.earliest())).isEmpty();
			try (ConfigurableApplicationContext detector = detectorOn(backup.bootstrapServers())) {
				try (TopicRecords alerts = TopicRecords.of(backup.bootstrapServers(), "struggle.detected")) {
					alerts.awaitMatching((record) -> true, 2 * students.size(), Duration.ofSeconds(120));
					Map<String, Integer> copies = new HashMap<>();
					alerts.drain(Duration.ofSeconds(2))
						.matching((record) -> true)
						.forEach((record) -> copies.merge(id(record), 1, Integer::sum));
					// Each alert of the primary on the backup: its mirrored copy (at
					// least once) and the replay's, with
					// the same id; no other.
					assertThat(copies.keySet()).isEqualTo(primaryAlerts);
					assertThat(copies.values()).allSatisfy((count) -> assertThat(count).isGreaterThanOrEqualTo(2));
				}
				int port = Integer.parseInt(detector.getEnvironment().getProperty("local.server.port"));
				for (UUID student : students) {
					await().atMost(Duration.ofSeconds(30))
						.until(() -> HttpJson.get(port, "/api/v1/users/" + student + "/struggles").body(),
								(body) -> body.startsWith("[{")
										&& body.indexOf("\"user_id\"") == body.lastIndexOf("\"user_id\""));
				}
			}
		}
	}

	private Path mirrorMakerConfig(String backup) throws Exception {
		Map<String, String> config = new HashMap<>();
		config.put("clusters", "primary, backup");
		config.put("primary.bootstrap.servers", primary());
		config.put("backup.bootstrap.servers", backup);
		config.put("primary->backup.enabled", "true");
		config.put("backup->primary.enabled", "false");
		// Nor heartbeats that way: MirrorMaker would run a worker for the disabled flow
		// to send them.
		config.put("backup->primary.emit.heartbeats.enabled", "false");
		config.put("primary->backup.topics", MIRRORED);
		config.put("primary->backup.topics.exclude", "struggle-detector-.*");
		config.put("replication.policy.class", "org.apache.kafka.connect.mirror.IdentityReplicationPolicy");
		config.put("primary->backup.consumer.isolation.level", "read_committed");
		config.put("primary->backup.groups", "notifications-.*");
		config.put("primary->backup.groups.exclude", "struggle-detector-.*");
		config.put("primary->backup.sync.group.offsets.enabled", "true");
		config.put("sync.topic.acls.enabled", "false");
		config.put("offset-syncs.topic.location", "target");
		// Connect finds its plugins by their ServiceLoader manifests, not by scanning the
		// whole classpath three times.
		config.put("plugin.discovery", "service_load");
		// Single-node brokers, and intervals of a test rather than of production.
		for (String factor : List.of("replication.factor", "checkpoints.topic.replication.factor",
				"heartbeats.topic.replication.factor", "offset-syncs.topic.replication.factor",
				"config.storage.replication.factor", "offset.storage.replication.factor",
				"status.storage.replication.factor")) {
			config.put(factor, "1");
		}
		for (String interval : List.of("refresh.topics.interval.seconds", "refresh.groups.interval.seconds",
				"emit.checkpoints.interval.seconds", "sync.group.offsets.interval.seconds")) {
			config.put("primary->backup." + interval, "1");
		}
		Path file = this.work.resolve("mm2.properties");
		List<String> lines = new ArrayList<>();
		config.forEach((key, value) -> lines.add(key + " = " + value));
		Files.write(file, lines);
		return file;
	}

	private ConfigurableApplicationContext detectorOn(String bootstrap) throws Exception {
		return new SpringApplicationBuilder(StruggleDetectorApplication.class).run(
				"--spring.kafka.bootstrap-servers=" + bootstrap, "--server.port=0", "--server.address=127.0.0.1",
				"--spring.kafka.streams.state-dir=" + Files.createDirectories(this.work.resolve("backup-detector")),
				"--learnflow.alerts.partition-check-interval=1s");
	}

	/**
	 * Commits, for the notification group, the offset after the first alert of each
	 * partition that has one (of the {@code alerts} there are): read, as it were.
	 * @return the id of the alert read, by partition
	 */
	private Map<TopicPartition, String> readAndCommitTheFirstOfEachPartition(String bootstrap, int alerts) {
		Map<TopicPartition, String> read = new HashMap<>();
		try (KafkaConsumer<String, String> consumer = notifications(bootstrap, "earliest")) {
			List<TopicPartition> partitions = partitions(consumer);
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, OffsetAndMetadata> first = new HashMap<>();
			Set<String> seen = new HashSet<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					seen.add(id(record));
					TopicPartition partition = new TopicPartition(record.topic(), record.partition());
					if (!first.containsKey(partition)) {
						first.put(partition, new OffsetAndMetadata(record.offset() + 1));
						read.put(partition, id(record));
					}
				}
				return seen.size() == alerts;
			});
			consumer.commitSync(first);
		}
		return read;
	}

	/**
	 * What the notification group reads on these partitions from its committed offsets up
	 * to their end offsets.
	 */
	private Set<String> readFromCommitted(String bootstrap, Set<TopicPartition> committed) {
		Set<String> read = new HashSet<>();
		try (KafkaConsumer<String, String> consumer = notifications(bootstrap, "none")) {
			List<TopicPartition> partitions = List.copyOf(committed);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			consumer.assign(partitions);
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> read.add(id(record)));
				return partitions.stream().allMatch((partition) -> consumer.position(partition) >= ends.get(partition));
			});
		}
		return read;
	}

	/** Connect at INFO, not logback's default DEBUG, into the process's log. */
	private Path loggingAtInfo() throws Exception {
		return Files.writeString(this.work.resolve("logback.xml"), """
				<configuration>
				  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
				    <encoder><pattern>%d %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
				  </appender>
				  <root level="INFO"><appender-ref ref="out"/></root>
				</configuration>
				""");
	}

	private Map<TopicPartition, OffsetAndMetadata> committed(String bootstrap) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(
					admin.listConsumerGroupOffsets(NOTIFICATIONS).partitionsToOffsetAndMetadata().get());
			offsets.values().removeIf(java.util.Objects::isNull);
			return offsets;
		}
	}

	private static long records(String bootstrap, String topic) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get()
				.get(topic)
				.partitions()
				.forEach((info) -> latest.put(new TopicPartition(topic, info.partition()), OffsetSpec.latest()));
			return admin.listOffsets(latest).all().get().values().stream().mapToLong((offset) -> offset.offset()).sum();
		}
	}

	private static KafkaConsumer<String, String> notifications(String bootstrap, String offsetReset) {
		return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ConsumerConfig.GROUP_ID_CONFIG, NOTIFICATIONS, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new StringDeserializer(), new StringDeserializer());
	}

	private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer) {
		return consumer.partitionsFor("struggle.detected", Duration.ofSeconds(10))
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.toList();
	}

	private static Set<String> ids(List<ConsumerRecord<String, String>> records) {
		Set<String> ids = new HashSet<>();
		records.forEach((record) -> ids.add(id(record)));
		return ids;
	}

	private static String id(ConsumerRecord<String, String> record) {
		return new String(record.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8);
	}

	private String primary() {
		return this.kafka.getBootstrapServers().get(0);
	}

}
