package com.learnflow.struggle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import com.learnflow.kafka.CloudEventHeaders;
import com.learnflow.kafka.ConsumerGroupId;
import com.learnflow.ops.partitions.PartitionIncrease;
import com.learnflow.test.EmbeddedKafkaIntegrationTest;
import com.learnflow.test.HttpJson;
import com.learnflow.test.TopicRecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operations tool's partition increase ({@code ./learnflow partitions}) under a
 * running detector, on a broker of its own: once {@code code.executed} and
 * {@code struggle.detected} have grown from 3 to 6 partitions, students whose events
 * arrive on old and new input partitions get their alerts, written to new alert
 * partitions too, and answered by the read API, while a second replica joins and leaves
 * (two rebalances) and after a restart. At the end every student has exactly one alert,
 * on the topic and in the read API of each replica: none lost, none repeated.
 */
@EmbeddedKafkaIntegrationTest
@DetectorTestProperties
@TestPropertySource(properties = "learnflow.alerts.partition-check-interval=1s")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionGrowthTests {

	private static final String APPLICATION_ID = ConsumerGroupId.detection("local").value();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	KafkaConnectionDetails kafka;

	@Autowired
	StreamsBuilderFactoryBean streams;

	private KafkaProducer<String, String> client;

	private Admin admin;

	/** Every student sent three failed executions so far. */
	private final List<UUID> students = new ArrayList<>();

	@BeforeAll
	void clients() {
		this.client = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()),
				new StringSerializer(), new StringSerializer());
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
	}

	@AfterAll
	void closeClients() {
		this.client.close(Duration.ofSeconds(5));
		this.admin.close(Duration.ofSeconds(5));
	}

	@Test
	void inputAndAlertTopicsGrowFromThreeToSixWithNoAlertLostOrRepeated() throws Exception {
		awaitRunning(this.streams, this.port);
		assertThat(partitions("code.executed")).isEqualTo(3);
		assertThat(partitions("struggle.detected")).isEqualTo(3);
		awaitAlertsOf(failuresOn(List.of(0, 1, 2), List.of(0, 1, 2), 3));

		PartitionIncrease increase = new PartitionIncrease(this.admin);
		assertThat(increase.increase("code.executed", 6)).startsWith("code.executed: 3 -> 6 partitions");
		assertThat(increase.increase("struggle.detected", 6)).startsWith("struggle.detected: 3 -> 6 partitions");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> assignedAnywhere(List.of(this.streams), new TopicPartition("code.executed", 5)));

		// The detector's producer learns of the new alert partitions at its next metadata
		// refresh (1 s here); until
		// then an alert goes where its key's hash over 3 partitions puts it. Each probe
		// is a student with one alert.
		await().atMost(Duration.ofSeconds(60))
			.until(() -> awaitAlertsOf(failuresOn(List.of(3), List.of(4), 6), Duration.ofSeconds(20)).get(0)
				.partition() == 4);
		// Students' failures on an old and a new input partition, their alerts on the new
		// alert partitions.
		List<ConsumerRecord<String, String>> onNewPartitions = awaitAlertsOf(
				failuresOn(List.of(3, 4, 5), List.of(3, 4, 5), 6));
		assertThat(onNewPartitions).allSatisfy((alert) -> assertThat(alert.partition()).isGreaterThanOrEqualTo(3));
		assertEveryStudentHasOneAlertIn(this.port);

		Path secondState = Files.createTempDirectory("partition-growth-second-replica");
		try (ConfigurableApplicationContext second = secondReplica(secondState)) {
			StreamsBuilderFactoryBean secondStreams = second.getBean(StreamsBuilderFactoryBean.class);
			int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
			awaitRunning(secondStreams, secondPort);
			await().atMost(Duration.ofSeconds(60)).until(() -> members() == 2);
			awaitRunning(this.streams, this.port);
			for (int partition = 0; partition < 6; partition++) {
				TopicPartition input = new TopicPartition("code.executed", partition);
				await().atMost(Duration.ofSeconds(60))
					.until(() -> assignedAnywhere(List.of(this.streams, secondStreams), input));
			}
			awaitAlertsOf(failuresOn(List.of(0, 1, 2, 3, 4, 5), List.of(0, 1, 2, 3, 4, 5), 6));
			assertEveryStudentHasOneAlertIn(secondPort);
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> members() == 1);
		awaitRunning(this.streams, this.port);
		awaitAlertsOf(failuresOn(List.of(5, 2), List.of(3, 0), 6));

		this.streams.stop();
		this.streams.start();
		awaitRunning(this.streams, this.port);
		awaitAlertsOf(failuresOn(List.of(1, 4), List.of(4, 1), 6));

		try (TopicRecords alerts = TopicRecords.of(bootstrap(), "struggle.detected")) {
			List<ConsumerRecord<String, String>> all = alerts.drain(Duration.ofSeconds(3)).matching((record) -> true);
			Map<String, List<String>> idsByStudent = new HashMap<>();
			for (ConsumerRecord<String, String> alert : all) {
				idsByStudent.computeIfAbsent(alert.key(), (student) -> new ArrayList<>()).add(id(alert));
			}
			assertThat(idsByStudent).hasSize(this.students.size());
			assertThat(idsByStudent.values()).allSatisfy((ids) -> assertThat(ids).hasSize(1));
		}
		assertEveryStudentHasOneAlertIn(this.port);
	}

	/**
	 * For each pair of input partition and alert partition, a new student whose alerts go
	 * to that alert partition (by the producer's hash of the key over
	 * {@code alertPartitions}) sends three failed executions: two on the input partition
	 * and one on the next partition of the topic.
	 */
	private List<UUID> failuresOn(List<Integer> inputPartitions, List<Integer> alertPartitions,
			int alertPartitionCount) {
		int inputs = partitions("code.executed");
		List<UUID> sent = new ArrayList<>();
		for (int i = 0; i < inputPartitions.size(); i++) {
			UUID student = studentOnAlertPartition(alertPartitions.get(i), alertPartitionCount);
			int partition = inputPartitions.get(i);
			for (int input : List.of(partition, (partition + 1) % inputs, partition)) {
				this.client.send(new ProducerRecord<>("code.executed", input, UUID.randomUUID().toString(),
						StruggleDetectionRoundTripTests.failedExecution(student)));
			}
			sent.add(student);
		}
		this.client.flush();
		this.students.addAll(sent);
		return sent;
	}

	private static UUID studentOnAlertPartition(int partition, int partitions) {
		while (true) {
			UUID student = UUID.randomUUID();
			byte[] key = student.toString().getBytes(StandardCharsets.UTF_8);
			if (Utils.toPositive(Utils.murmur2(key)) % partitions == partition) {
				return student;
			}
		}
	}

	private List<ConsumerRecord<String, String>> awaitAlertsOf(List<UUID> sent) {
		return awaitAlertsOf(sent, Duration.ofSeconds(90));
	}

	private List<ConsumerRecord<String, String>> awaitAlertsOf(List<UUID> sent, Duration timeout) {
		try (TopicRecords alerts = TopicRecords.of(bootstrap(), "struggle.detected")) {
			return alerts.awaitMatching((record) -> sent.stream().anyMatch((s) -> s.toString().equals(record.key())),
					sent.size(), timeout);
		}
	}

	/**
	 * Each student sent so far has exactly one alert in the replica's read API, once its
	 * view has caught up.
	 */
	private void assertEveryStudentHasOneAlertIn(int replicaPort) {
		for (UUID student : this.students) {
			await().atMost(Duration.ofSeconds(30)).until(() -> struggles(replicaPort, student).size() == 1);
			JsonNode alert = struggles(replicaPort, student).get(0);
			assertThat(alert.get("user_id").asString()).isEqualTo(student.toString());
			assertThat(alert.get("struggle_type").asString()).isEqualTo("repeated_errors");
		}
	}

	private static JsonNode struggles(int replicaPort, UUID student) {
		return JSON.readTree(HttpJson.get(replicaPort, "/api/v1/users/" + student + "/struggles").body());
	}

	private ConfigurableApplicationContext secondReplica(Path stateDir) {
		return new SpringApplicationBuilder(StruggleDetectorApplication.class).run(
				"--spring.kafka.bootstrap-servers=" + bootstrap(), "--server.port=0", "--server.address=127.0.0.1",
				"--spring.kafka.streams.state-dir=" + stateDir,
				"--spring.kafka.streams.properties.metadata.max.age.ms=1000",
				"--learnflow.alerts.partition-check-interval=1s");
	}

	private static void awaitRunning(StreamsBuilderFactoryBean streams, int replicaPort) {
		await().atMost(Duration.ofSeconds(90))
			.until(() -> streams.getKafkaStreams() != null
					&& streams.getKafkaStreams().state() == KafkaStreams.State.RUNNING
					&& HttpJson.get(replicaPort, "/actuator/health/readiness").statusCode() == 200);
	}

	private static boolean assignedAnywhere(List<StreamsBuilderFactoryBean> replicas, TopicPartition partition) {
		return replicas.stream()
			.map(StreamsBuilderFactoryBean::getKafkaStreams)
			.anyMatch((kafkaStreams) -> kafkaStreams.state() == KafkaStreams.State.RUNNING
					&& kafkaStreams.metadataForLocalThreads()
						.stream()
						.flatMap((thread) -> thread.activeTasks().stream())
						.anyMatch((task) -> task.topicPartitions().contains(partition)));
	}

	private int members() throws Exception {
		return this.admin.describeConsumerGroups(List.of(APPLICATION_ID))
			.all()
			.get()
			.get(APPLICATION_ID)
			.members()
			.size();
	}

	private int partitions(String topic) {
		try {
			return this.admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not describe " + topic, ex);
		}
	}

	private static String id(ConsumerRecord<String, String> alert) {
		return new String(alert.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8);
	}

	private String bootstrap() {
		return this.kafka.getBootstrapServers().get(0);
	}

}
