package com.learnflow.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The shared client settings (KafkaClientConfig) reach Spring's Kafka clients from one
 * place, and a service's own configuration still wins over them.
 */
class KafkaClientConfigTests {

	@Test
	void producersGetTheReferenceConfigBoundedByThePublishTimeout() {
		KafkaProperties properties = bind(new MockEnvironment());
		Map<String, Object> producer = properties.buildProducerProperties();

		assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
			.containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100")
			.containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, "16384")
			.containsEntry(ProducerConfig.LINGER_MS_CONFIG, "5")
			.containsEntry(ProducerConfig.BUFFER_MEMORY_CONFIG, "33554432")
			.containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
			.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
			.containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000")
			.containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000")
			.containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "4900")
			.containsEntry("spring.json.add.type.headers", "false");
	}

	@Test
	void producersRetryUntilTheDeliveryTimeoutNotAFixedNumberOfTimes() {
		assertThat(KafkaClientConfig.producer(Duration.ofSeconds(5))).doesNotContainKey(ProducerConfig.RETRIES_CONFIG);
		assertThat(bind(new MockEnvironment()).buildProducerProperties())
			.doesNotContainKey(ProducerConfig.RETRIES_CONFIG);
		// Kafka's default, which the idempotent producer needs anyway: only
		// delivery.timeout.ms bounds the retries.
		assertThat(ProducerConfig.configDef().defaultValues()).containsEntry(ProducerConfig.RETRIES_CONFIG,
				Integer.MAX_VALUE);
	}

	@Test
	void consumersGetTheReferenceConfig() {
		Map<String, Object> consumer = bind(new MockEnvironment()).buildConsumerProperties();

		assertThat(consumer).containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
			.containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
			.containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000")
			.containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "10000")
			.containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "300000");
	}

	@Test
	void kafkaStreamsGetsTheConsumerTimeoutsButNotAutoCommit() {
		Map<String, Object> streams = bind(new MockEnvironment()).buildStreamsProperties();

		assertThat(streams).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000")
			.containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "300000")
			.doesNotContainKey(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
	}

	@Test
	void theBootstrapServersComeFromKafkaBootstrapServers() {
		MockEnvironment environment = new MockEnvironment();
		environment.setProperty("KAFKA_BOOTSTRAP_SERVERS", "kafka.kafka.svc.cluster.local:9092");
		assertThat(bind(environment).getBootstrapServers()).containsExactly("kafka.kafka.svc.cluster.local:9092");
		assertThat(bind(new MockEnvironment()).getBootstrapServers()).containsExactly("localhost:9092");
	}

	@Test
	void aServiceCanOverrideADefaultAndSetAShorterPublishTimeout() {
		MockEnvironment environment = new MockEnvironment();
		environment.setProperty("spring.kafka.producer.properties.linger.ms", "20");
		environment.setProperty("learnflow.kafka.publish-timeout", "2s");
		Map<String, Object> producer = bind(environment).buildProducerProperties();

		assertThat(producer).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "20")
			.containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "2000")
			.containsEntry(ProducerConfig.ACKS_CONFIG, "all");
	}

	@Test
	void aPublishTimeoutBelowOneSecondIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> KafkaClientConfig.producer(Duration.ofMillis(200)));
	}

	/**
	 * Binds as a running service does, with Boot's conversions, from properties that no
	 * other test sees.
	 */
	private static KafkaProperties bind(MockEnvironment environment) {
		environment.setConversionService(new ApplicationConversionService());
		new LearnFlowServiceDefaults().postProcessEnvironment(environment, new SpringApplication());
		return Binder.get(environment).bindOrCreate("spring.kafka", KafkaProperties.class);
	}

}
