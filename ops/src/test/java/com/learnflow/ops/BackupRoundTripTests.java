package com.learnflow.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import com.learnflow.events.TopicCatalog;
import com.learnflow.kafka.CatalogTopics;
import com.learnflow.kafka.ConsumerGroupId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code backup} and {@code restore} ({@link com.learnflow.ops.backup}) on a real broker
 * (Kafka's own, in-process, KRaft), through the tool's command line: what is backed up
 * comes back after it is deleted, a group with members is refused, the detector's offsets
 * are not restored without its state, and onto another cluster offsets are translated by
 * time.
 */
@EmbeddedKafka(count = 1,
		brokerProperties = { "auto.create.topics.enable=false", "offsets.topic.replication.factor=1",
				"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
				"group.initial.rebalance.delay.ms=0" })
class BackupRoundTripTests {

	private static final String SUBMISSIONS = TopicCatalog.LEARNING_SUBMITTED.name();

	/**
	 * Each test's records are written one second apart from a time later than every
	 * earlier test's, so that a time finds one record of this test's.
	 */
	private static final AtomicLong NEXT_TIMESTAMP = new AtomicLong(1_764_000_000_000L);

	private final EmbeddedKafkaBroker broker;

	private final Admin admin;

	private final String environment = "t" + UUID.randomUUID().toString().substring(0, 8);

	private final String detector = ConsumerGroupId.detection(this.environment).value();

	private final String changelog = this.detector + "-student-states-changelog";

	private final String grader = "grader-" + this.environment + "-import";

	@TempDir
	Path dir;

	BackupRoundTripTests(EmbeddedKafkaBroker broker) {
		this.broker = broker;
		this.admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()));
	}

	@BeforeEach
	void tenSubmissionsTwoGroupsAndTheDetectorsState() throws Exception {
		CatalogTopics.createMissing(this.admin, Duration.ofSeconds(30));
		if (!this.admin.listTopics().names().get().contains(this.changelog)) {
			this.admin.createTopics(List.of(new NewTopic(this.changelog, 1, (short) 1))).all().get();
		}
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
			long first = NEXT_TIMESTAMP.getAndAdd(100_000);
			for (int i = 0; i < 10; i++) {
				producer.send(new ProducerRecord<>(SUBMISSIONS, 0, first + i * 1000L, "k", "{}")).get();
			}
		}
		this.admin.alterConsumerGroupOffsets(this.grader, Map.of(partition(), new OffsetAndMetadata(end() - 3)))
			.all()
			.get();
		this.admin.alterConsumerGroupOffsets(this.detector, Map.of(partition(), new OffsetAndMetadata(end() - 1)))
			.all()
			.get();
	}

	@Test
	void whatIsDeletedAfterABackupIsThereAgainAfterTheRestore() throws Exception {
		ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, TopicCatalog.EXERCISE_STARTED.name());
		this.admin
			.incrementalAlterConfigs(
					Map.of(topic,
							List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "300000"),
									AlterConfigOp.OpType.SET))))
			.all()
			.get();
		long graderOffset = end() - 3;
		Path file = backup();

		this.admin.deleteConsumerGroups(List.of(this.grader, this.detector)).all().get();
		this.admin.deleteTopics(List.of(TopicCatalog.EXERCISE_STARTED.name())).all().get();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !this.admin.listTopics().names().get().contains(TopicCatalog.EXERCISE_STARTED.name()));

		OpsRun restore = ops("restore", file);
		assertThat(restore.status()).as(restore.output()).isZero();
		assertThat(restore.output()).contains("topic exercise.started: created with 3 partitions");
		assertThat(committed(this.grader)).isEqualTo(graderOffset);
		assertThat(committed(this.detector)).isEqualTo(end() - 1);
		var configs = this.admin.describeConfigs(List.of(topic)).all().get().get(topic);
		assertThat(configs.get("max.message.bytes").value()).isEqualTo("300000");
		assertThat(configs.get("retention.ms").value()).isEqualTo(TopicCatalog.EXERCISE_STARTED.retentionMs());
		assertThat(
				this.admin.describeTopics(List.of(topic.name())).allTopicNames().get().get(topic.name()).partitions())
			.hasSize(TopicCatalog.PARTITIONS);
	}

	@Test
	void aGroupWithMembersIsRefusedAndKeepsItsOffsets() throws Exception {
		Path file = backup();
		this.admin.alterConsumerGroupOffsets(this.grader, Map.of(partition(), new OffsetAndMetadata(2))).all().get();
		try (KafkaConsumer<String, String> member = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				this.broker.getBrokersAsString(), ConsumerConfig.GROUP_ID_CONFIG, this.grader,
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
			member.subscribe(List.of(SUBMISSIONS));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				member.poll(Duration.ofMillis(100));
				return !member.assignment().isEmpty();
			});
			OpsRun restore = ops("restore", file);
			assertThat(restore.status()).isEqualTo(1);
			assertThat(restore.output()).contains("REFUSED: group " + this.grader + " has 1 members");
		}
		assertThat(committed(this.grader)).isEqualTo(2);
	}

	@Test
	void theDetectorsOffsetsAreNotRestoredWhereItsStateIsMissing() throws Exception {
		Path file = backup();
		this.admin.deleteConsumerGroups(List.of(this.detector)).all().get();
		this.admin.deleteTopics(List.of(this.changelog)).all().get();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !this.admin.listTopics().names().get().contains(this.changelog));

		OpsRun restore = ops("restore", file);
		assertThat(restore.status()).as(restore.output()).isZero();
		assertThat(restore.output()).contains("group " + this.detector + ": not restored, its state is not on this "
				+ "cluster [" + this.changelog + "]");
		assertThat(this.admin.listConsumerGroupOffsets(this.detector).partitionsToOffsetAndMetadata().get()).isEmpty();
	}

	@Test
	void ontoAnotherClusterAnOffsetGoesToTheLastRecordConsumedSoThatNoneIsSkipped() throws Exception {
		long graderOffset = end() - 3;
		Path file = backup();
		// The same broker under another cluster id: the offsets must be found by time,
		// not copied.
		String json = Files.readString(file);
		String clusterId = this.admin.describeCluster().clusterId().get();
		Files.writeString(file, json.replace(clusterId, "another-cluster"));
		this.admin.deleteConsumerGroups(List.of(this.grader)).all().get();

		OpsRun restore = ops("restore", file);
		assertThat(restore.status()).as(restore.output()).isZero();
		assertThat(restore.output()).contains("not the one backed up (another-cluster)");
		assertThat(committed(this.grader)).isEqualTo(graderOffset - 1);
	}

	@Test
	void aFileThatIsNotABackupIsRefusedWithoutTouchingTheCluster() throws Exception {
		Path file = this.dir.resolve("not-a-backup.json");
		Files.writeString(file, "{\"format\": 7}");
		OpsRun restore = ops("restore", file);
		assertThat(restore.status()).isEqualTo(2);
		assertThat(restore.error()).contains("cannot read the backup").contains("format 7 is not known");
		assertThat(committed(this.grader)).isEqualTo(end() - 3);
	}

	@Test
	void intoADirectoryEachBackupGetsItsOwnTimedNameAndTheFourteenNewestAreKept() throws Exception {
		Path backups = Files.createDirectory(this.dir.resolve("backups"));
		for (int day = 1; day <= 15; day++) {
			Files.writeString(backups.resolve("learnflow-backup-200011%02dT031700Z.json".formatted(day)), "{}");
		}
		Files.writeString(backups.resolve("restore.json"), "{}");
		OpsRun backup = ops("backup", backups);
		assertThat(backup.status()).as(backup.output() + backup.error()).isZero();
		List<String> names;
		try (var files = Files.list(backups)) {
			names = files.map((path) -> path.getFileName().toString()).sorted().toList();
		}
		// The new one, the 13 newest before it, and the file that is not a backup.
		assertThat(names).hasSize(15)
			.startsWith("learnflow-backup-20001103T031700Z.json")
			.contains("learnflow-backup-20001115T031700Z.json", "restore.json");
		String newest = names.get(names.size() - 2);
		assertThat(newest).matches("learnflow-backup-[0-9]{8}T[0-9]{6}Z\\.json")
			.isGreaterThan("learnflow-backup-20001115");
		assertThat(Files.readString(backups.resolve(newest))).contains("\"cluster_id\"");
		assertThat(backup.output()).contains("Removed the older backup")
			.contains("20001101T031700Z", "20001102T031700Z");
	}

	private Path backup() throws Exception {
		Path file = this.dir.resolve("backup.json");
		OpsRun backup = ops("backup", file);
		assertThat(backup.status()).as(backup.output() + backup.error()).isZero();
		assertThat(file).exists();
		assertThat(this.dir.resolve("backup.json.partial")).doesNotExist();
		return file;
	}

	private OpsRun ops(String command, Path file) throws Exception {
		return OpsRun.of(this.broker.getBrokersAsString(), Map.of("LEARNFLOW_ENV", this.environment), command,
				file.toString());
	}

	private long committed(String group) throws Exception {
		OffsetAndMetadata offset = this.admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get()
			.get(partition());
		return (offset != null) ? offset.offset() : -1;
	}

	private long end() throws Exception {
		return this.admin.listOffsets(Map.of(partition(), OffsetSpec.latest()))
			.partitionResult(partition())
			.get()
			.offset();
	}

	private static TopicPartition partition() {
		return new TopicPartition(SUBMISSIONS, 0);
	}

}
