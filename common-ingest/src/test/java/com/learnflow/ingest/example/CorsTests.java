package com.learnflow.ingest.example;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.learnflow.test.HttpJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser on a configured frontend origin may call the API, and read its refusals; one
 * on any other origin may not. No broker is needed for a preflight or a refusal, so none
 * runs here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "learnflow.ingest.cors.allowed-origins=https://app.learnflow.test",
				"spring.kafka.bootstrap-servers=127.0.0.1:1", "learnflow.kafka.provision-topics=false" })
class CorsTests {

	@LocalServerPort
	int port;

	@Test
	void theConfiguredFrontendOriginPassesThePreflight() {
		HttpResponse<String> response = preflight("https://app.learnflow.test");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.learnflow.test");
		assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
			.contains("idempotency-key")
			.contains("content-type");
	}

	@Test
	void anyOtherOriginIsRefused() {
		HttpResponse<String> response = preflight("https://evil.example");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void aRefusalIsReadableByTheFrontendBecauseCorsComesBeforeTheTokenCheck() {
		HttpResponse<String> response = HttpJson.send(this.port, "POST", ExampleIngestApplication.PATH,
				"application/json", "{}", Map.of("Origin", "https://app.learnflow.test", HttpJson.AUTHORIZATION, ""));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.learnflow.test");
		assertThat(response.headers().firstValue("Access-Control-Expose-Headers").orElse("").toLowerCase())
			.contains("www-authenticate")
			.contains("retry-after");
	}

	private HttpResponse<String> preflight(String origin) {
		return HttpJson.send(this.port, "OPTIONS", ExampleIngestApplication.PATH, null, null,
				Map.of("Origin", origin, "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers",
						"content-type,idempotency-key"));
	}

}
