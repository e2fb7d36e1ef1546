package com.learnflow.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

import com.learnflow.events.ExerciseStarted;
import com.learnflow.events.TopicCatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The publish timeout bounds the whole publish, {@code send()} included: with a real
 * producer whose broker never answers, {@code send()} blocks for metadata up to
 * {@code max.block.ms} (the shared producer config holds it to the publish timeout), and
 * the publish fails within the timeout instead of waiting for the acknowledgement
 * afterwards.
 */
class EventPublisherTests {

	static final Duration TIMEOUT = Duration.ofMillis(1000);

	/** The time a thread needs to be scheduled again on a busy machine. */
	static final Duration MARGIN = Duration.ofMillis(400);

	static final ExerciseStarted EVENT = new ExerciseStarted(UUID.randomUUID(), UUID.randomUUID(),
			Instant.parse("2026-12-01T10:30:00Z"));

	private DefaultKafkaProducerFactory<String, Object> producers;

	@AfterEach
	void closeProducer() {
		if (this.producers != null) {
			this.producers.destroy();
		}
	}

	@Test
	void aPublishToABrokerThatNeverAnswersFailsWithinThePublishTimeoutSendIncluded() throws IOException {
		EventPublisher publisher = new EventPublisher(templateFor("127.0.0.1:" + closedPort()), TIMEOUT,
				"/learnflow/test", Clock.systemUTC());

		long start = System.nanoTime();
		assertThatExceptionOfType(PublishFailedException.class)
			.isThrownBy(() -> publisher.publish(TopicCatalog.EXERCISE_STARTED, UUID.randomUUID(), EVENT))
			.withMessageContaining("not present in metadata");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plus(MARGIN));
	}

	/** A real producer with the services' own client settings. */
	private KafkaTemplate<String, Object> templateFor(String bootstrap) {
		Map<String, Object> config = new HashMap<>(KafkaClientConfig.producer(TIMEOUT));
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		JacksonJsonSerializer<Object> values = new JacksonJsonSerializer<>();
		values.setAddTypeInfo(false);
		this.producers = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), values);
		return new KafkaTemplate<>(this.producers);
	}

	/** A port on 127.0.0.1 where nothing listens. */
	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
