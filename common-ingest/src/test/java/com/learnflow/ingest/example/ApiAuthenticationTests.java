package com.learnflow.ingest.example;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import com.learnflow.test.EmbeddedKafkaIntegrationTest;
import com.learnflow.test.HttpJson;
import com.learnflow.test.RefusedRequest;
import com.learnflow.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On every ingest endpoint (the example service's here), only a bearer token the identity
 * provider signed for this API, still valid, with the right scope, may post, and a
 * student's token only for herself: every other request is a 401 or 403 problem with the
 * RFC 6750 challenge, and nothing reaches the topic. Health shows statuses to anyone and
 * details only with {@code ops:read}.
 */
@EmbeddedKafkaIntegrationTest
@TestPropertySource(properties = "learnflow.security.students-per-second=1")
class ApiAuthenticationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final UUID STUDENT = UUID.randomUUID();

	@LocalServerPort
	int port;

	@Autowired
	KafkaConnectionDetails kafka;

	/**
	 * A request's token (or none, as {@code null}), the status it gets, and what its
	 * challenge must say.
	 *
	 * @param name what is wrong with the token
	 * @param token the Authorization header's token, {@code null} for none
	 * @param status the expected status
	 * @param challenge the start of the expected {@code WWW-Authenticate}
	 */
	record Refusal(String name, String token, int status, String challenge) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	static Refusal row(String name, Function<TestTokens.Token, String> token, int status, String challenge) {
		return new Refusal(name, token.apply(TestTokens.token().subject(STUDENT.toString())), status, challenge);
	}

	static Stream<Refusal> refusals() {
		Instant now = Instant.now();
		return Stream.of(new Refusal("no token", null, 401, "Bearer"),
				new Refusal("a malformed token", "not-a-jwt", 401, "Bearer error=\"invalid_token\""),
				row("a bad signature (another key)", (t) -> t.signedByAnotherKey().sign(), 401,
						"Bearer error=\"invalid_token\""),
				row("alg: none", TestTokens.Token::unsigned, 401, "Bearer error=\"invalid_token\""),
				row("HS256 signed with the public key as the secret (algorithm confusion)",
						TestTokens.Token::hs256WithThePublicKeyAsSecret, 401, "Bearer error=\"invalid_token\""),
				row("expired (beyond the clock skew)",
						(t) -> t.valid(now.minus(Duration.ofMinutes(10)), now.minus(Duration.ofMinutes(2))).sign(), 401,
						"Bearer error=\"invalid_token\""),
				row("not yet valid",
						(t) -> t.valid(now.plus(Duration.ofMinutes(5)), now.plus(Duration.ofMinutes(10))).sign(), 401,
						"Bearer error=\"invalid_token\""),
				row("a wrong issuer", (t) -> t.issuer("https://evil.example/realms/learnflow").sign(), 401,
						"Bearer error=\"invalid_token\""),
				row("a wrong audience", (t) -> t.audience("another-api").sign(), 401, "Bearer error=\"invalid_token\""),
				row("no write scope", (t) -> t.scopes("struggles:read ops:read").sign(), 403,
						"Bearer error=\"insufficient_scope\""),
				row("a student posting for another student",
						(t) -> t.subject(UUID.randomUUID().toString()).scopes("events:write:self").sign(), 403,
						"Bearer error=\"insufficient_scope\""));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusals")
	void aRequestWithoutTheRightTokenIsRefusedWithAChallengeAndNothingIsPublished(Refusal refusal) {
		var before = RefusedRequest.endOffsets(bootstrap(), ExampleIngestApplication.TOPIC);
		HttpResponse<String> answer = HttpJson.post(this.port, ExampleIngestApplication.PATH, execution(STUDENT),
				Map.of(HttpJson.AUTHORIZATION, (refusal.token() != null) ? "Bearer " + refusal.token() : ""));

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(refusal.status());
		assertThat(answer.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith(refusal.challenge()));
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JSON.readTree(answer.body());
		assertThat(problem.get("status").asInt()).isEqualTo(refusal.status());
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
		if (refusal.token() != null && refusal.token().contains(".")) {
			assertThat(answer.body()).as("the answer never echoes the token").doesNotContain(refusal.token());
		}
		assertThat(RefusedRequest.endOffsets(bootstrap(), ExampleIngestApplication.TOPIC)).as("nothing published")
			.isEqualTo(before);
	}

	@Test
	void aStudentMayPostHerOwnEventsAndTheAnswerCarriesTheSecurityHeadersButNoSession() {
		HttpResponse<String> answer = HttpJson.post(this.port, ExampleIngestApplication.PATH, execution(STUDENT),
				Map.of(HttpJson.AUTHORIZATION, "Bearer " + TestTokens.student(STUDENT)));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(answer.headers().allValues("Cache-Control")).containsExactly("no-store");
		assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(answer.headers().map()).as("no legacy headers")
			.doesNotContainKeys("pragma", "expires", "x-xss-protection");
		assertThat(answer.headers().firstValue("Set-Cookie")).as("a stateless API opens no session").isEmpty();
	}

	@Test
	void aStudentBeyondHerRateLimitIsAnswered429WithRetryAfter() {
		UUID student = UUID.randomUUID();
		String token = "Bearer " + TestTokens.student(student);
		HttpResponse<String> answer = null;
		// A burst of 100 (the default) refilled at 1 per second (this class's setting):
		// 400 requests in a row pass the burst however slowly the machine answers. At the
		// default 20 per second, a request that takes 50 ms never does.
		for (int i = 0; i < 400; i++) {
			answer = HttpJson.post(this.port, ExampleIngestApplication.PATH, execution(student),
					Map.of(HttpJson.AUTHORIZATION, token));
			if (answer.statusCode() != 202) {
				break;
			}
		}
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
		assertThat(answer.headers().firstValue("Retry-After"))
			.hasValueSatisfying((seconds) -> assertThat(Integer.parseInt(seconds)).isPositive());
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(HttpJson.post(this.port, ExampleIngestApplication.PATH, execution(UUID.randomUUID())).statusCode())
			.as("another subject is not limited")
			.isEqualTo(202);
	}

	@Test
	void aMethodNothingServesIsRefusedWithoutAnErrorCodeToACallerWithoutAToken() {
		HttpResponse<String> anonymous = HttpJson.send(this.port, "PUT", ExampleIngestApplication.PATH,
				"application/json", execution(STUDENT), Map.of(HttpJson.AUTHORIZATION, ""));
		assertThat(anonymous.statusCode()).isEqualTo(403);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(anonymous.body()).contains("Nothing is served for this method and path");
		HttpResponse<String> bearer = HttpJson.send(this.port, "PUT", ExampleIngestApplication.PATH, "application/json",
				execution(STUDENT), Map.of(HttpJson.AUTHORIZATION, "Bearer " + TestTokens.student(STUDENT)));
		assertThat(bearer.statusCode()).isEqualTo(403);
		assertThat(bearer.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer error=\"insufficient_scope\""));
	}

	@Test
	void anonymousHealthShowsStatusesOnlyAndOpsReadShowsDetails() {
		HttpResponse<String> anonymous = HttpJson.send(this.port, "GET", "/actuator/health", null, null,
				Map.of(HttpJson.AUTHORIZATION, ""));
		assertThat(anonymous.statusCode()).isEqualTo(200);
		JsonNode health = JSON.readTree(anonymous.body());
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
		assertThat(anonymous.body()).doesNotContain("details").doesNotContain("clusterId").doesNotContain(bootstrap());

		HttpResponse<String> operator = HttpJson.send(this.port, "GET", "/actuator/health", null, null,
				Map.of(HttpJson.AUTHORIZATION, "Bearer " + TestTokens.service("ops:read")));
		assertThat(operator.body()).contains("details");
		assertThat(HttpJson
			.send(this.port, "GET", "/actuator/health/liveness", null, null, Map.of(HttpJson.AUTHORIZATION, ""))
			.statusCode()).isEqualTo(200);
		assertThat(HttpJson
			.send(this.port, "GET", "/actuator/prometheus", null, null,
					Map.of(HttpJson.AUTHORIZATION, "", "Accept", "text/plain"))
			.statusCode()).isEqualTo(200);
	}

	static String execution(UUID student) {
		return """
				{"user_id": "%s", "session_id": "%s", "success": true}""".formatted(student, UUID.randomUUID());
	}

	private String bootstrap() {
		return this.kafka.getBootstrapServers().get(0);
	}

}
