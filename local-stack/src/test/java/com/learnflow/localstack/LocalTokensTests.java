package com.learnflow.localstack;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

import com.nimbusds.jose.JWSObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@code ./learnflow token} as the services will see its tokens: each is decoded by
 * Spring Security's {@link NimbusJwtDecoder}, with the public key read from the file as
 * Spring Boot reads {@code LEARNFLOW_JWT_PUBLIC_KEY}, and the issuer, audience and time
 * checks of the services' contract.
 */
class LocalTokensTests {

	private static final String STUDENT = "3f2a1c9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b";

	@TempDir
	Path jwt;

	static Stream<Arguments> tokens() {
		return Stream.of(
				// options, sub, scope, time to live
				arguments(List.of("--user", STUDENT), STUDENT, "events:write:self struggles:read:self",
						Duration.ofHours(1)),
				// The services compare sub with the user_id in the form UUID.toString()
				// writes.
				arguments(List.of("--user", STUDENT.toUpperCase(), "--ttl", "15m"), STUDENT,
						"events:write:self struggles:read:self", Duration.ofMinutes(15)),
				arguments(List.of("--service", "bench", "--scope", "events:write struggles:read", "--ttl", "6h"),
						"bench", "events:write struggles:read", Duration.ofHours(6)),
				arguments(List.of("--service", "smoke", "--scope", "  ops:read  "), "smoke", "ops:read",
						Duration.ofHours(1)),
				arguments(
						List.of("--ttl", "2d", "--scope", "struggles:read events:write:self struggles:read",
								"--service", "hint-service"),
						"hint-service", "struggles:read events:write:self", Duration.ofDays(2)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("tokens")
	void signsTheClaimsOfTheContract(List<String> options, String subject, String scope, Duration ttl)
			throws Exception {
		Instant now = Instant.now();
		String token = LocalTokens.inDirectory(this.jwt).sign(LocalTokens.Request.parse(options), now);

		Jwt jwt = decoder(publicKeyFile(this.jwt)).decode(token);
		assertThat(jwt.getHeaders()).containsEntry("alg", "RS256")
			.containsEntry("typ", "JWT")
			.containsEntry("kid", "learnflow-local");
		// Not getIssuer(): that wants a URL, and the local issuer is a plain string
		// (which the validator accepts).
		assertThat(jwt.getClaimAsString("iss")).isEqualTo("learnflow-local");
		assertThat(jwt.getAudience()).containsExactly("learnflow-events");
		// As identity providers write it: an array, even of one.
		assertThat(JWSObject.parse(token).getPayload().toJSONObject().get("aud"))
			.isEqualTo(List.of("learnflow-events"));
		assertThat(jwt.getSubject()).isEqualTo(subject);
		assertThat(jwt.getClaimAsString("scope")).isEqualTo(scope);
		Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
		assertThat(jwt.getIssuedAt()).isEqualTo(issued);
		assertThat(jwt.getNotBefore()).isEqualTo(issued);
		assertThat(jwt.getExpiresAt()).isEqualTo(issued.plus(ttl));
		assertThat(jwt.getId()).isNotBlank();
	}

	@Test
	void everyTokenHasItsOwnId() throws Exception {
		LocalTokens tokens = LocalTokens.inDirectory(this.jwt);
		LocalTokens.Request request = LocalTokens.Request.parse(List.of("--user", STUDENT));
		NimbusJwtDecoder decoder = decoder(publicKeyFile(this.jwt));
		assertThat(decoder.decode(tokens.sign(request, Instant.now())).getId())
			.isNotEqualTo(decoder.decode(tokens.sign(request, Instant.now())).getId());
	}

	static Stream<Arguments> refused() {
		return Stream.of(
				// options, what the message says
				arguments(List.of("--user", "alice"), "--user needs the student's user_id, a UUID"),
				arguments(List.of("--user", "3f2a1c9e-8b7d-4e6f-9a0b-1c2d3e4f5a6"), "a UUID"),
				arguments(List.of("--user", "{3f2a1c9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b}"), "a UUID"),
				arguments(List.of("--service", "bench", "--scope", "events:write events:delete"),
						"unknown scope events:delete; the services know events:write:self, events:write,"),
				arguments(List.of("--service", "bench", "--scope", "SCOPE_events:write"),
						"unknown scope SCOPE_events:write"),
				arguments(List.of("--service", "bench"), "--service needs --scope"),
				arguments(List.of("--service", "bench", "--scope", " "), "--service needs --scope"),
				arguments(List.of("--service", "the grader", "--scope", "events:write"), "--service needs a name"),
				arguments(List.of("--user", STUDENT, "--scope", "events:write"), "--scope is for --service tokens"),
				arguments(List.of("--user", STUDENT, "--service", "bench", "--scope", "events:write"),
						"give either --user UUID"),
				arguments(List.of(), "give either --user UUID"), arguments(List.of("--user"), "--user needs a value"),
				arguments(List.of("--user", STUDENT, "--ttl", "1y"), "--ttl needs a number and a unit"),
				arguments(List.of("--user", STUDENT, "--ttl", "-1h"), "--ttl needs a number and a unit"),
				arguments(List.of("--user", STUDENT, "--ttl", "0s"), "--ttl must lie between 1s and 365d"),
				arguments(List.of("--user", STUDENT, "--ttl", "366d"), "--ttl must lie between 1s and 365d"),
				arguments(List.of("--user", STUDENT, "--audience", "x"), "unknown option '--audience'"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refused")
	void refusesWithAClearMessageAndStatus2(List<String> options, String message) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		List<String> args = Stream.concat(Stream.of(this.jwt.toString(), "token"), options.stream()).toList();

		int status = LocalTokens.run(args, new PrintStream(out, true), new PrintStream(err, true));

		assertThat(status).isEqualTo(2);
		assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
		assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("learnflow token: ").contains(message);
	}

	@Test
	void printsOneTokenOnOneLine() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int status = LocalTokens.run(List.of(this.jwt.toString(), "token", "--user", STUDENT),
				new PrintStream(out, true), System.err);
		assertThat(status).isZero();
		String printed = out.toString(StandardCharsets.US_ASCII);
		assertThat(printed).endsWith("\n").doesNotContain(" ");
		assertThat(printed.lines()).hasSize(1);
		assertThat(decoder(publicKeyFile(this.jwt)).decode(printed.strip()).getSubject()).isEqualTo(STUDENT);
	}

	@Test
	void aTokenFromAnotherKeyIsRefused(@TempDir Path other) throws Exception {
		String forged = LocalTokens.inDirectory(other)
			.sign(LocalTokens.Request.parse(List.of("--service", "forger", "--scope", "events:write")), Instant.now());
		LocalTokens.inDirectory(this.jwt);
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> decoder(publicKeyFile(this.jwt)).decode(forged))
			.withMessageContaining("signature");
	}

	@Test
	void makesTheKeyPairOnceAndKeepsThePrivateKeyPrivate() throws Exception {
		RSAPublicKey first = LocalTokens.inDirectory(this.jwt).publicKey();
		Path privateKey = this.jwt.resolve("signing-key.pem");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.jwt))).isEqualTo("rwx------");
		assertThat(Files.readString(privateKey)).startsWith("-----BEGIN PRIVATE KEY-----\n");
		try (InputStream pem = Files.newInputStream(privateKey)) {
			RSAPrivateKey parsed = RsaKeyConverters.pkcs8().convert(pem);
			assertThat(parsed.getModulus()).isEqualTo(first.getModulus());
			assertThat(parsed.getModulus().bitLength()).isEqualTo(2048);
		}

		assertThat(LocalTokens.inDirectory(this.jwt).publicKey()).isEqualTo(first);
		Files.delete(this.jwt.resolve("signing-key.pub.pem"));
		assertThat(LocalTokens.inDirectory(this.jwt).publicKey()).isEqualTo(first);
		assertThat(publicKeyFile(this.jwt)).isEqualTo(first);
	}

	@Test
	void refusesAPublicKeyThatIsNotThePrivateKeysOwn(@TempDir Path other) throws Exception {
		LocalTokens.inDirectory(this.jwt);
		LocalTokens.inDirectory(other);
		Files.copy(other.resolve("signing-key.pub.pem"), this.jwt.resolve("signing-key.pub.pem"),
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = LocalTokens.run(List.of(this.jwt.toString(), "token", "--user", STUDENT), System.out,
				new PrintStream(err, true));
		assertThat(status).isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not the public key of")
			.contains("delete both to make a new pair");
	}

	/**
	 * The public key as Spring Boot reads
	 * {@code spring.security.oauth2.resourceserver.jwt.public-key-location}.
	 */
	private static RSAPublicKey publicKeyFile(Path dir) throws Exception {
		try (InputStream pem = Files.newInputStream(dir.resolve("signing-key.pub.pem"))) {
			return RsaKeyConverters.x509().convert(pem);
		}
	}

	/**
	 * What the services check: RS256 with this key, the issuer, the audience, and the
	 * times (default skew 60 s).
	 */
	private static NimbusJwtDecoder decoder(RSAPublicKey key) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key)
			.signatureAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(new JwtIssuerValidator("learnflow-local"),
				new JwtAudienceValidator("learnflow-events")));
		return decoder;
	}

}
