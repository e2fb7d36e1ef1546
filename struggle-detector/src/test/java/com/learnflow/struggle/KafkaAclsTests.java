package com.learnflow.struggle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.AclCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.learnflow.events.TopicCatalog;
import com.learnflow.kafka.CatalogTopics;
import com.learnflow.kafka.KafkaAcls;
import com.learnflow.kafka.KafkaClientConfig;
import com.learnflow.kafka.OwnedTopics;
import com.learnflow.kafka.TopicProvisioner;
import com.learnflow.struggle.stream.DetectionProcessor;
import com.learnflow.struggle.stream.StruggleTopology;
import com.learnflow.test.HttpJson;
import com.learnflow.test.KafkaBrokerProcess;
import com.learnflow.test.TopicRecords;

import static com.learnflow.kafka.KafkaAcls.CODE_EXEC_SERVICE;
import static com.learnflow.kafka.KafkaAcls.DAPR;
import static com.learnflow.kafka.KafkaAcls.EXERCISE_SERVICE;
import static com.learnflow.kafka.KafkaAcls.KEDA;
import static com.learnflow.kafka.KafkaAcls.OPS;
import static com.learnflow.kafka.KafkaAcls.STRUGGLE_DETECTOR;
import static com.learnflow.kafka.KafkaAcls.SUBMISSION_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Against a broker that enforces ACLs as production does (SCRAM, KRaft's
 * StandardAuthorizer, nothing allowed without an ACL, super users only for the broker and
 * ops), with the topics and the ACL list applied as the chart's provisioning job applies
 * them ({@code kafka-acls.sh} with {@link KafkaAcls#provisioningCommands}), every client
 * works with its own user: the real detector, exactly-once, with its repartition topic,
 * dead letters and read API; the ingest services' idempotent producers; KEDA's lag reads;
 * Dapr's publisher. And each user is refused beyond its own rights.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1",
				"spring.kafka.streams.state-dir=${java.io.tmpdir}/kafka-streams-${random.uuid}",
				// As k8s/overlays/prod: the prod group and internal topics, and no topic
				// creation by the services.
				"learnflow.environment=" + KafkaAclsTests.ENVIRONMENT, "learnflow.kafka.provision-topics=false",
				"KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM=SCRAM-SHA-512",
				"KAFKA_SASL_USERNAME=" + STRUGGLE_DETECTOR,
				"KAFKA_SASL_PASSWORD=" + STRUGGLE_DETECTOR + KafkaAclsTests.PASSWORD_SUFFIX,
				// Purge repartitioned records within the test (30 s by default).
				"spring.kafka.streams.properties.repartition.purge.interval.ms=200" })
@DetectorTestProperties
class KafkaAclsTests {

	static final String ENVIRONMENT = "prod";

	/**
	 * Each user's password is its name and this; the broker exists only inside the test
	 * run.
	 */
	static final String PASSWORD_SUFFIX = "-test-password";

	static final String DETECTOR = KafkaAcls.detectorApplicationId(ENVIRONMENT);

	static final String REPARTITION = DETECTOR + "-" + StruggleTopology.ACTIVITY_BY_STUDENT + "-repartition";

	static final KafkaBrokerProcess broker = provisionedBroker();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
	}

	@Test
	void theDetectorRunsExactlyOnceWithItsOwnUser() throws Exception {
		HttpJson.awaitReadiness(this.port, 200, Duration.ofSeconds(60));
		UUID student = UUID.randomUUID();
		try (KafkaProducer<String, String> codeExec = producer(CODE_EXEC_SERVICE)) {
			for (int i = 0; i < 3; i++) {
				codeExec
					.send(new ProducerRecord<>("code.executed", UUID.randomUUID().toString(),
							StruggleDetectionRoundTripTests.failedExecution(student)))
					.get();
			}
			codeExec.send(new ProducerRecord<>("code.executed", "unreadable", "not an event")).get();
		}
		try (TopicRecords alerts = TopicRecords.of(clientConfig(OPS), "struggle.detected");
				TopicRecords deadLetters = TopicRecords.of(clientConfig(OPS), "code.executed.dlt")) {
			assertThat(alerts.awaitKey(student.toString()).value()).contains("\"struggle_type\":\"repeated_errors\"");
			assertThat(deadLetters.awaitKey("unreadable").value()).isEqualTo("not an event");
		}
		// The read API's view reads struggle.detected back with the detector's user.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> HttpJson.get(this.port, "/api/v1/users/" + student + "/struggles")
				.body()
				.contains("repeated_errors"));
		try (Admin ops = Admin.create(clientConfig(OPS))) {
			// Kafka Streams deletes the repartitioned records it has committed (DELETE on
			// its internal topics).
			List<TopicPartition> repartitioned = IntStream.range(0, TopicCatalog.PARTITIONS)
				.mapToObj((partition) -> new TopicPartition(REPARTITION, partition))
				.toList();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> ops
					.listOffsets(repartitioned.stream()
						.collect(Collectors.toMap((partition) -> partition, (partition) -> OffsetSpec.earliest())))
					.all()
					.get()
					.values()
					.stream()
					.anyMatch((earliest) -> earliest.offset() > 0));
			assertThat(ops.listTopics().names().get()).contains(REPARTITION,
					DETECTOR + "-" + DetectionProcessor.STATES + "-changelog",
					DETECTOR + TopicCatalog.DEAD_LETTER_SUFFIX);
			List<String> transactionalIds = ops.listTransactions(new ListTransactionsOptions())
				.all()
				.get()
				.stream()
				.map(TransactionListing::transactionalId)
				.toList();
			assertThat(transactionalIds).isNotEmpty().allMatch((id) -> id.startsWith(DETECTOR + "-"));
		}
	}

	/** The table: who tries what, and whether the broker lets it. */
	static Stream<Arguments> rights() {
		return Stream.of(
				// Each writer of a topic, idempotently; KEDA's lag reads.
				row(SUBMISSION_SERVICE, writes("learning.submitted"), Verdict.ALLOWED),
				row(CODE_EXEC_SERVICE, writes("code.executed"), Verdict.ALLOWED),
				row(EXERCISE_SERVICE, writes("exercise.started"), Verdict.ALLOWED),
				row(DAPR, writes("learning.submitted"), Verdict.ALLOWED),
				row(DAPR, readsInGroup("struggle.detected", KafkaAcls.DAPR_GROUP), Verdict.ALLOWED),
				row(KEDA, readsTheLagOf(DETECTOR), Verdict.ALLOWED),
				// An ingest service writes only its own topic, and does nothing else.
				row(SUBMISSION_SERVICE, writes("struggle.detected"), Verdict.REFUSED),
				row(SUBMISSION_SERVICE, writes("code.executed"), Verdict.REFUSED),
				row(SUBMISSION_SERVICE, writes(REPARTITION), Verdict.REFUSED),
				row(SUBMISSION_SERVICE, reads("code.executed"), Verdict.REFUSED),
				row(SUBMISSION_SERVICE, reads("learning.submitted"), Verdict.REFUSED),
				row(SUBMISSION_SERVICE, deletes("learning.submitted"), Verdict.REFUSED),
				row(SUBMISSION_SERVICE, creates("learning.submitted.v2"), Verdict.REFUSED),
				row(CODE_EXEC_SERVICE, writes("struggle.detected"), Verdict.REFUSED),
				row(CODE_EXEC_SERVICE, writesInATransaction("code.executed", DETECTOR + "-forged-0"), Verdict.REFUSED),
				row(EXERCISE_SERVICE, writes("exercise.started.dlt"), Verdict.REFUSED),
				// The detector cannot forge or destroy its inputs, nor read as another
				// group.
				row(STRUGGLE_DETECTOR, writes("learning.submitted"), Verdict.REFUSED),
				row(STRUGGLE_DETECTOR, deletes("code.executed"), Verdict.REFUSED),
				row(STRUGGLE_DETECTOR, readsInGroup("learning.submitted", "another-group"), Verdict.REFUSED),
				// KEDA only looks.
				row(KEDA, reads("learning.submitted"), Verdict.REFUSED),
				row(KEDA, writes("learning.submitted"), Verdict.REFUSED),
				// Dapr publishes learning activity and subscribes to alerts, in its
				// component's group only.
				row(DAPR, writes("struggle.detected"), Verdict.REFUSED),
				row(DAPR, reads("code.executed"), Verdict.REFUSED),
				row(DAPR, readsInGroup("struggle.detected", "another-group"), Verdict.REFUSED));
	}

	@ParameterizedTest(name = "{0} {1}: {2}")
	@MethodSource("rights")
	void eachUserHasOnlyItsOwnRights(String user, Attempt attempt, Verdict verdict) {
		if (verdict == Verdict.ALLOWED) {
			assertThatCode(() -> attempt.action().run(clientConfig(user))).doesNotThrowAnyException();
		}
		else {
			assertThatThrownBy(() -> attempt.action().run(clientConfig(user))).satisfies(
					(thrown) -> assertThat(causes(thrown)).hasAtLeastOneElementOfType(AuthorizationException.class));
		}
	}

	@Test
	void anIngestServiceStartsAlthoughItMayNotCreateTopics() {
		Map<String, Object> submission = clientConfig(SUBMISSION_SERVICE);
		try (Admin admin = Admin.create(submission)) {
			// With learnflow.kafka.provision-topics left on, the start-up check is
			// refused...
			assertThatThrownBy(() -> CatalogTopics.createMissing(admin, Duration.ofSeconds(10))).satisfies(
					(thrown) -> assertThat(causes(thrown)).hasAtLeastOneElementOfType(AuthorizationException.class));
		}
		// ...and the service starts all the same, relying on the deployment's topics.
		assertThatCode(() -> new TopicProvisioner(new KafkaAdmin(submission), Duration.ofSeconds(10),
				List.of(new OwnedTopics(List.of(TopicCatalog.LEARNING_SUBMITTED), List.of())))
			.afterSingletonsInstantiated()).doesNotThrowAnyException();
	}

	static Arguments row(String user, Attempt attempt, Verdict verdict) {
		return Arguments.of(user, attempt, verdict);
	}

	static Attempt writes(String topic) {
		return new Attempt("writes " + topic, (config) -> {
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(withProducer(config),
					new StringSerializer(), new StringSerializer())) {
				producer.send(new ProducerRecord<>(topic, "key", "{}")).get();
			}
		});
	}

	static Attempt writesInATransaction(String topic, String transactionalId) {
		return new Attempt("writes " + topic + " as transaction " + transactionalId, (config) -> {
			Map<String, Object> transactional = withProducer(config);
			transactional.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(transactional, new StringSerializer(),
					new StringSerializer())) {
				producer.initTransactions();
				producer.beginTransaction();
				producer.send(new ProducerRecord<>(topic, "key", "{}")).get();
				producer.commitTransaction();
			}
		});
	}

	/**
	 * Reads every partition without a group, as the detector's alert view does, until it
	 * gets a record.
	 */
	static Attempt reads(String topic) {
		return new Attempt("reads " + topic, (config) -> {
			try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
					new StringDeserializer())) {
				List<TopicPartition> partitions = IntStream.range(0, TopicCatalog.PARTITIONS)
					.mapToObj((partition) -> new TopicPartition(topic, partition))
					.toList();
				consumer.assign(partitions);
				consumer.seekToBeginning(partitions);
				await().atMost(Duration.ofSeconds(15)).until(() -> !consumer.poll(Duration.ofMillis(200)).isEmpty());
			}
		});
	}

	static Attempt readsInGroup(String topic, String group) {
		return new Attempt("reads " + topic + " in group " + group, (config) -> {
			Map<String, Object> grouped = new HashMap<>(config);
			grouped.put(ConsumerConfig.GROUP_ID_CONFIG, group);
			try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(grouped, new StringDeserializer(),
					new StringDeserializer())) {
				consumer.subscribe(List.of(topic));
				await().atMost(Duration.ofSeconds(15)).until(() -> {
					consumer.poll(Duration.ofMillis(200));
					return !consumer.assignment().isEmpty();
				});
			}
		});
	}

	static Attempt deletes(String topic) {
		return new Attempt("deletes " + topic, (config) -> {
			try (Admin admin = Admin.create(config)) {
				admin.deleteTopics(List.of(topic)).all().get();
			}
		});
	}

	static Attempt creates(String topic) {
		return new Attempt("creates " + topic, (config) -> {
			try (Admin admin = Admin.create(config)) {
				admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
			}
		});
	}

	/**
	 * What KEDA's Kafka scaler asks: the group, its committed offsets, and the end
	 * offsets of its partitions.
	 */
	static Attempt readsTheLagOf(String group) {
		return new Attempt("reads the lag of " + group, (config) -> {
			try (Admin admin = Admin.create(config)) {
				// The detector makes its repartition topic when it starts; KEDA sees it
				// by the prefix.
				await().atMost(Duration.ofSeconds(60))
					.until(() -> admin.listTopics().names().get().contains(REPARTITION));
				admin.describeConsumerGroups(List.of(group)).all().get();
				admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
				Map<TopicPartition, OffsetSpec> ends = new LinkedHashMap<>();
				for (String topic : List.of("learning.submitted", "code.executed", "exercise.started", REPARTITION)) {
					admin.describeTopics(List.of(topic)).allTopicNames().get();
					ends.put(new TopicPartition(topic, 0), OffsetSpec.latest());
				}
				admin.listOffsets(ends).all().get();
			}
		});
	}

	static Map<String, Object> withProducer(Map<String, Object> config) {
		Map<String, Object> producer = new HashMap<>(KafkaClientConfig.producer(Duration.ofSeconds(10)));
		producer.putAll(config);
		return producer;
	}

	static KafkaProducer<String, String> producer(String user) {
		return new KafkaProducer<>(withProducer(clientConfig(user)), new StringSerializer(), new StringSerializer());
	}

	static Map<String, Object> clientConfig(String user) {
		return clientConfigOf(broker, user);
	}

	/**
	 * A broker with every user of {@link KafkaAcls#CLIENT_USERS}, then, as ops, what the
	 * chart's provisioning job does: the catalog's topics, and each {@code kafka-acls.sh}
	 * command of the ACL list, run by kafka-acls.sh's own code with the job's connection
	 * replaced by this broker's.
	 */
	static KafkaBrokerProcess provisionedBroker() {
		Map<String, String> users = new LinkedHashMap<>();
		KafkaAcls.CLIENT_USERS.forEach((user) -> users.put(user, user + PASSWORD_SUFFIX));
		Path directory = KafkaBrokerProcess.newDirectory();
		KafkaBrokerProcess started = KafkaBrokerProcess.startWithAuthorizer(directory, users, List.of(OPS));
		Runtime.getRuntime().addShutdownHook(new Thread(started::close, "acl-broker-stop"));
		try (Admin ops = Admin.create(clientConfigOf(started, OPS))) {
			CatalogTopics.createMissing(ops, Duration.ofSeconds(30));
			Path commandConfig = directory.resolve("ops.properties");
			Files.writeString(commandConfig, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n"
					+ "sasl.jaas.config=" + KafkaBrokerProcess.Scram.jaas(OPS, OPS + PASSWORD_SUFFIX) + "\n");
			Exit.setExitProcedure((status, message) -> {
				if (status != 0) {
					throw new IllegalStateException("kafka-acls.sh exited with " + status + ": " + message);
				}
			});
			try {
				for (String command : KafkaAcls.provisioningCommands(ENVIRONMENT)) {
					AclCommand.main(arguments(command, started.bootstrapServers(), commandConfig));
				}
			}
			finally {
				Exit.resetExitProcedure();
			}
			assertThat(Set.copyOf(ops.describeAcls(AclBindingFilter.ANY).values().get()))
				.isEqualTo(Set.copyOf(KafkaAcls.bindings(ENVIRONMENT)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (Exception ex) {
			started.close();
			throw new IllegalStateException("provisioning the ACL broker failed", ex);
		}
		return started;
	}

	/**
	 * The command's words, as the job's shell splits them, without the script and with
	 * this broker's connection.
	 */
	static String[] arguments(String command, String bootstrapServers, Path commandConfig) {
		List<String> words = new ArrayList<>(List.of(command.replace("${KAFKA_SERVICE}", bootstrapServers)
			.replace("/shared/client.properties", commandConfig.toString())
			.split("\\s+")));
		assertThat(words.remove(0)).endsWith("/kafka-acls.sh");
		return words.toArray(String[]::new);
	}

	static Map<String, Object> clientConfigOf(KafkaBrokerProcess target, String user) {
		Map<String, Object> config = new HashMap<>();
		config.put("bootstrap.servers", target.bootstrapServers());
		config.put("security.protocol", "SASL_PLAINTEXT");
		config.put("sasl.mechanism", "SCRAM-SHA-512");
		config.put("sasl.jaas.config", KafkaBrokerProcess.Scram.jaas(user, user + PASSWORD_SUFFIX));
		return config;
	}

	static List<Throwable> causes(Throwable thrown) {
		List<Throwable> causes = new ArrayList<>();
		for (Throwable cause = thrown; cause != null && !causes.contains(cause); cause = cause.getCause()) {
			causes.add(cause);
		}
		return causes;
	}

	enum Verdict {

		ALLOWED, REFUSED

	}

	/**
	 * One thing a client tries with a user's settings.
	 *
	 * @param description what it tries, as the table shows it
	 * @param action the attempt
	 */
	record Attempt(String description, Action action) {

		@Override
		public String toString() {
			return this.description;
		}

	}

	interface Action {

		void run(Map<String, Object> clientConfig) throws Exception;

	}

}
