package com.learnflow.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * Bearer tokens for the tests, minted with Nimbus JOSE (the library Spring Security
 * validates with) and the test key pair in {@code test-jwt/}, which
 * {@link TestJwtDefaults} configures every service under test to trust.
 */
public final class TestTokens {

	public static final String ISSUER = "https://issuer.test/realms/learnflow";

	public static final String AUDIENCE = "learnflow-events";

	/** Every scope: what a test sends when it is not about authorization. */
	public static final String ALL_SCOPES = "events:write struggles:read ops:read";

	private static final RSAPrivateKey SIGNING_KEY = privateKey("test-jwt/signing-key.pem");

	private static final RSAPrivateKey OTHER_KEY = privateKey("test-jwt/other-key.pem");

	private TestTokens() {
	}

	/** A trusted service's token with every scope. */
	public static String all() {
		return token().scopes(ALL_SCOPES).sign();
	}

	/** A trusted service's token with exactly these scopes. */
	public static String service(String scopes) {
		return token().scopes(scopes).sign();
	}

	/**
	 * The frontend's token for one student:
	 * {@code events:write:self struggles:read:self}.
	 */
	public static String student(UUID user) {
		return token().subject(user.toString()).scopes("events:write:self struggles:read:self").sign();
	}

	/**
	 * A token to shape: a service token valid for 5 minutes from now, signed with the
	 * trusted key.
	 */
	public static Token token() {
		Instant now = Instant.now();
		return new Token("test-service", ALL_SCOPES, ISSUER, List.of(AUDIENCE), now, now.plus(Duration.ofMinutes(5)),
				SIGNING_KEY);
	}

	/**
	 * A token's claims and key.
	 *
	 * @param subject {@code sub}
	 * @param scopes {@code scope}
	 * @param issuer {@code iss}
	 * @param audience {@code aud}
	 * @param notBefore {@code nbf} (and {@code iat})
	 * @param expires {@code exp}
	 * @param key the key it is signed with
	 */
	public record Token(String subject, String scopes, String issuer, List<String> audience, Instant notBefore,
			Instant expires, RSAPrivateKey key) {

		public Token subject(String value) {
			return new Token(value, this.scopes, this.issuer, this.audience, this.notBefore, this.expires, this.key);
		}

		public Token scopes(String value) {
			return new Token(this.subject, value, this.issuer, this.audience, this.notBefore, this.expires, this.key);
		}

		public Token issuer(String value) {
			return new Token(this.subject, this.scopes, value, this.audience, this.notBefore, this.expires, this.key);
		}

		public Token audience(String... values) {
			return new Token(this.subject, this.scopes, this.issuer, List.of(values), this.notBefore, this.expires,
					this.key);
		}

		public Token valid(Instant from, Instant until) {
			return new Token(this.subject, this.scopes, this.issuer, this.audience, from, until, this.key);
		}

		/** Signed with another key than the one the services trust. */
		public Token signedByAnotherKey() {
			return new Token(this.subject, this.scopes, this.issuer, this.audience, this.notBefore, this.expires,
					OTHER_KEY);
		}

		public JWTClaimsSet claims() {
			return new JWTClaimsSet.Builder().subject(this.subject)
				.issuer(this.issuer)
				.audience(this.audience)
				.claim("scope", this.scopes)
				.issueTime(Date.from(this.notBefore))
				.notBeforeTime(Date.from(this.notBefore))
				.expirationTime(Date.from(this.expires))
				.jwtID(UUID.randomUUID().toString())
				.build();
		}

		/** RS256, as the identity provider signs. */
		public String sign() {
			try {
				SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test").build(),
						claims());
				jwt.sign(new RSASSASigner(this.key));
				return jwt.serialize();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** {@code alg: none}: no signature at all. */
		public String unsigned() {
			return new PlainJWT(claims()).serialize();
		}

		/**
		 * HS256 with the trusted public key's bytes as the secret: the
		 * algorithm-confusion attack.
		 */
		public String hs256WithThePublicKeyAsSecret() {
			try {
				SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims());
				jwt.sign(new MACSigner(publicKeyPem().getBytes(StandardCharsets.US_ASCII)));
				return jwt.serialize();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/** The trusted public key, as the services read it. */
	public static RSAPublicKey publicKey() {
		try {
			byte[] der = Base64.getMimeDecoder().decode(publicKeyPem().replaceAll("-----[A-Z ]+-----", ""));
			return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String publicKeyPem() {
		return resource("test-jwt/signing-key.pub.pem");
	}

	private static RSAPrivateKey privateKey(String location) {
		try {
			byte[] der = Base64.getMimeDecoder().decode(resource(location).replaceAll("-----[A-Z ]+-----", ""));
			return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String resource(String location) {
		try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(location)) {
			if (in == null) {
				throw new IllegalStateException("no " + location + " on the test classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
