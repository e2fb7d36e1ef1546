package com.learnflow.struggle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import com.learnflow.test.EmbeddedKafkaIntegrationTest;
import com.learnflow.test.HttpJson;
import com.learnflow.test.TopicRecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a real broker, what used to stop detection for everyone: a Kafka Streams client that
 * stays stopped, which liveness reports so that the platform restarts the pod; and a
 * detector that stops cleanly, which must leave its group at once rather than hold its
 * partitions until its session times out. An input topic that grows partitions while the
 * detector runs is {@link PartitionGrowthTests}'.
 */
@EmbeddedKafkaIntegrationTest
@DetectorTestProperties
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectorResilienceTests {

	@LocalServerPort
	int port;

	@Autowired
	KafkaConnectionDetails kafka;

	@Autowired
	StreamsBuilderFactoryBean streams;

	KafkaProducer<String, String> client;

	@BeforeEach
	void detectorIsReady() {
		HttpJson.awaitReadiness(this.port, 200, Duration.ofSeconds(90));
		if (this.client == null) {
			this.client = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()),
					new StringSerializer(), new StringSerializer());
		}
	}

	@AfterAll
	void closeClient() {
		this.client.close(Duration.ofSeconds(5));
	}

	@Test
	void livenessTurnsDownOnceKafkaStreamsStaysStoppedBeyondTheGraceAndUpWhenItRunsAgain() {
		assertThat(HttpJson.get(this.port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
		this.streams.stop();
		try {
			// The grace is 2 s in these tests: within it, a stop is not yet a reason to
			// restart the pod.
			assertThat(HttpJson.get(this.port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(15))
				.until(() -> HttpJson.get(this.port, "/actuator/health/liveness").statusCode() == 503);
			assertThat(HttpJson.get(this.port, "/actuator/health/liveness").body()).contains("kafkaStreamsLiveness");
		}
		finally {
			this.streams.start();
		}
		await().atMost(Duration.ofSeconds(90))
			.until(() -> HttpJson.get(this.port, "/actuator/health/liveness").statusCode() == 200);
		threeFailuresOnPartitionGiveAnAlert(0);
	}

	@Test
	void aDetectorThatStopsLeavesItsConsumerGroupAtOnce() throws Exception {
		String group = "struggle-detector-local-detection";
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
			await().atMost(Duration.ofSeconds(30)).until(() -> members(admin, group), (members) -> members == 1);
			this.streams.stop();
			try {
				// Well within the 30 s session: only a LeaveGroup on close empties the
				// group this soon.
				await().atMost(Duration.ofSeconds(10)).until(() -> members(admin, group), (members) -> members == 0);
			}
			finally {
				this.streams.start();
			}
		}
		await().atMost(Duration.ofSeconds(90))
			.until(() -> this.streams.getKafkaStreams().state() == KafkaStreams.State.RUNNING);
		threeFailuresOnPartitionGiveAnAlert(1);
	}

	private static int members(Admin admin, String group) throws Exception {
		return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
	}

	private void threeFailuresOnPartitionGiveAnAlert(int partition) {
		UUID student = UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			this.client.send(new ProducerRecord<>("code.executed", partition, UUID.randomUUID().toString(),
					StruggleDetectionRoundTripTests.failedExecution(student)));
		}
		this.client.flush();
		try (TopicRecords alerts = TopicRecords.of(bootstrap(), "struggle.detected")) {
			alerts.awaitKey(student.toString(), Duration.ofSeconds(90));
		}
	}

	private String bootstrap() {
		return this.kafka.getBootstrapServers().get(0);
	}

}
