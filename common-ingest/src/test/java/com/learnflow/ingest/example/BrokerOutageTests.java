package com.learnflow.ingest.example;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.learnflow.test.HttpJson;
import com.learnflow.test.KafkaBrokerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the broker dies, a request to any ingest endpoint is answered 503 with
 * {@code Retry-After} within the publish timeout instead of hanging, and readiness
 * reports DOWN while liveness stays UP; once the broker is back, requests succeed again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "learnflow.kafka.publish-timeout=2s" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerOutageTests {

	static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final KafkaBrokerProcess broker = KafkaBrokerProcess.start(KafkaBrokerProcess.newDirectory());

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
	}

	@AfterAll
	static void stopBroker() {
		broker.close();
	}

	@Test
	@Order(1)
	void withTheBrokerUpAnEventIsAccepted() {
		assertThat(submit().statusCode()).isEqualTo(202);
	}

	@Test
	@Order(2)
	void withTheBrokerDeadAnEventGets503WithinThePublishTimeoutAndReadinessIsDown() {
		broker.kill();

		long start = System.nanoTime();
		HttpResponse<String> response = submit();
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(took).as("answered within the publish timeout").isLessThan(PUBLISH_TIMEOUT.plusMillis(1500));
		// After a timeout the record may still be written: only the same key makes a
		// retry harmless.
		assertThat(JSON.readTree(response.body()).get("detail").asString()).contains("may still have been written")
			.contains("no Idempotency-Key, so a retry may duplicate the event; send one");
		HttpResponse<String> withKey = submit(Map.of("Idempotency-Key", "outage-" + UUID.randomUUID()));
		assertThat(withKey.statusCode()).isEqualTo(503);
		assertThat(JSON.readTree(withKey.body()).get("detail").asString()).contains("may still have been written")
			.contains("Retry after 5 s with the same Idempotency-Key");
		HttpJson.awaitReadiness(this.port, 503, Duration.ofSeconds(30));
		assertThat(HttpJson.get(this.port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	@Test
	@Order(3)
	void onceTheBrokerIsBackRequestsSucceedAgain() {
		broker.startAgain();
		long back = System.nanoTime();

		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> submit().statusCode() == 202);
		assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Duration.ofSeconds(15));
		HttpJson.awaitReadiness(this.port, 200, Duration.ofSeconds(15));
	}

	private HttpResponse<String> submit() {
		return submit(Map.of());
	}

	private HttpResponse<String> submit(Map<String, String> headers) {
		return HttpJson.post(this.port, ExampleIngestApplication.PATH, """
				{"user_id": "%s", "session_id": "%s", "success": true}""".formatted(UUID.randomUUID(),
				UUID.randomUUID()), headers);
	}

}
