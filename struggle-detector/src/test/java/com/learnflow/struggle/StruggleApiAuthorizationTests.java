package com.learnflow.struggle;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import com.learnflow.test.EmbeddedKafkaIntegrationTest;
import com.learnflow.test.HttpJson;
import com.learnflow.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Struggle alerts are sensitive: a student's token reads and streams only her own,
 * {@code struggles:read} reads any student's and the stream of all, anything else is a
 * 401 or 403 problem with the RFC 6750 challenge.
 */
@EmbeddedKafkaIntegrationTest
@DetectorTestProperties
class StruggleApiAuthorizationTests {

	static final UUID ANA = UUID.randomUUID();

	static final UUID BEN = UUID.randomUUID();

	static final HttpClient CLIENT = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	/**
	 * @param name who asks for what
	 * @param path the path and query
	 * @param token the token, {@code null} for none
	 * @param status the expected status
	 */
	record Access(String name, String path, String token, int status) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	static Stream<Access> accesses() {
		String ana = TestTokens.student(ANA);
		String reader = TestTokens.service("struggles:read");
		return Stream.of(new Access("a student reads her own alerts", "/api/v1/users/" + ANA + "/struggles", ana, 200),
				new Access("a student reads another student's alerts", "/api/v1/users/" + BEN + "/struggles", ana, 403),
				new Access("the hint service reads any student's alerts", "/api/v1/users/" + BEN + "/struggles", reader,
						200),
				new Access("a writer's token reads alerts", "/api/v1/users/" + ANA + "/struggles",
						TestTokens.service("events:write"), 403),
				new Access("no token", "/api/v1/users/" + ANA + "/struggles", null, 401),
				new Access("a student streams her own alerts", "/api/v1/struggles/stream?user_id=" + ANA, ana, 200),
				new Access("a student streams another student's alerts", "/api/v1/struggles/stream?user_id=" + BEN, ana,
						403),
				new Access("a student streams every student's alerts", "/api/v1/struggles/stream", ana, 403),
				new Access("an instructors' tool streams every student's alerts", "/api/v1/struggles/stream", reader,
						200),
				new Access("a stream without a token", "/api/v1/struggles/stream", null, 401));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("accesses")
	void onlyThoseEntitledReadOrStreamAStudentsAlerts(Access access) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + access.path()))
			.header("Accept", access.path().contains("stream") ? "text/event-stream" : "application/json")
			.timeout(Duration.ofSeconds(10));
		if (access.token() != null) {
			request.header(HttpJson.AUTHORIZATION, "Bearer " + access.token());
		}
		// A stream's answer is complete once its head has come; its body then goes on.
		CompletableFuture<HttpResponse<Stream<String>>> answer = CLIENT.sendAsync(request.build(),
				HttpResponse.BodyHandlers.ofLines());
		HttpResponse<Stream<String>> response = answer.get(10, java.util.concurrent.TimeUnit.SECONDS);
		try {
			assertThat(response.statusCode()).isEqualTo(access.status());
			if (access.status() >= 400) {
				assertThat(response.headers().firstValue("WWW-Authenticate"))
					.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
				assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				String body = String.join("\n", response.body().toList());
				assertThat(body).contains("\"status\":" + access.status()).doesNotContain("Exception");
			}
		}
		finally {
			response.body().close();
		}
	}

}
