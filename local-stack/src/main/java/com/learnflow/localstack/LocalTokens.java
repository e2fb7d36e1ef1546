package com.learnflow.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;

/**
 * Bearer tokens for the local stack, for {@code ./learnflow token} and the tools: an RSA
 * key pair under {@code $LEARNFLOW_HOME/jwt}, made when missing, and RS256 JWTs signed
 * with it that the services accept when they run with
 * {@code LEARNFLOW_JWT_ISSUER=learnflow-local} and {@code LEARNFLOW_JWT_PUBLIC_KEY}
 * naming the public key. The private key never leaves that directory (mode 600).
 *
 * <p>
 * Usage: {@code LocalTokens <jwt-dir> keys} (make the key pair if missing, print the
 * public key's path), or
 * {@code LocalTokens <jwt-dir> token (--user UUID | --service NAME --scope "SCOPE ...") [--ttl 1h]}
 * (print one token). A wrong argument is answered on standard error with exit status 2.
 */
public final class LocalTokens {

	/**
	 * The {@code iss} of every local token, and the services'
	 * {@code LEARNFLOW_JWT_ISSUER} on the local stack.
	 */
	public static final String ISSUER = "learnflow-local";

	/** The services' default {@code LEARNFLOW_JWT_AUDIENCE}. */
	public static final String AUDIENCE = "learnflow-events";

	public static final String KEY_ID = "learnflow-local";

	public static final String PRIVATE_KEY_FILE = "signing-key.pem";

	public static final String PUBLIC_KEY_FILE = "signing-key.pub.pem";

	/** The scopes the services know (docs/ingest-api.md). */
	public static final Set<String> SCOPES = Set.of("events:write:self", "events:write", "struggles:read:self",
			"struggles:read", "ops:read");

	/** What the frontend's token for a logged-in student carries. */
	public static final List<String> STUDENT_SCOPES = List.of("events:write:self", "struggles:read:self");

	static final Duration DEFAULT_TTL = Duration.ofHours(1);

	static final Duration MAX_TTL = Duration.ofDays(365);

	private static final Pattern UUID_FORM = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private static final Pattern TTL = Pattern.compile("([0-9]{1,9})([smhd])");

	private final RSAPrivateCrtKey privateKey;

	private final RSAPublicKey publicKey;

	private final Path directory;

	private LocalTokens(Path directory, RSAPrivateCrtKey privateKey, RSAPublicKey publicKey) {
		this.directory = directory;
		this.privateKey = privateKey;
		this.publicKey = publicKey;
	}

	public static void main(String[] args) {
		System.exit(run(List.of(args), System.out, System.err));
	}

	/**
	 * The command line without {@code System.exit}: 0 when done, 2 with a message on
	 * {@code err} otherwise.
	 */
	static int run(List<String> args, PrintStream out, PrintStream err) {
		try {
			if (args.size() < 2) {
				throw new IllegalArgumentException("usage: LocalTokens <jwt-dir> keys | token (--user UUID | --service"
						+ " NAME --scope \"SCOPE ...\") [--ttl 1h]");
			}
			Path dir = Path.of(args.get(0));
			switch (args.get(1)) {
				case "keys" -> {
					if (args.size() > 2) {
						throw new IllegalArgumentException("keys takes no options");
					}
					inDirectory(dir);
					out.println(dir.resolve(PUBLIC_KEY_FILE).toAbsolutePath());
				}
				case "token" -> {
					Request request = Request.parse(args.subList(2, args.size()));
					out.println(inDirectory(dir).sign(request, Instant.now()));
				}
				default ->
					throw new IllegalArgumentException("unknown command '" + args.get(1) + "'; use keys or token");
			}
			return 0;
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			err.println("learnflow token: " + ex.getMessage());
			return 2;
		}
		catch (IOException | GeneralSecurityException ex) {
			err.println("learnflow token: the key pair in " + args.get(0) + " could not be made or read: " + ex);
			return 2;
		}
	}

	/**
	 * What a token says about its holder: {@code sub}, {@code scope} and how long it is
	 * valid.
	 *
	 * @param subject the {@code sub}: a student's user_id, or a service's name
	 * @param scopes the scopes, in the order given
	 * @param ttl from {@code iat} to {@code exp}
	 */
	record Request(String subject, List<String> scopes, Duration ttl) {

		/**
		 * A student's token, as the frontend holds it: her user_id as {@code sub} and the
		 * two {@code :self} scopes.
		 */
		static Request student(String userId, Duration ttl) {
			if (userId == null || !UUID_FORM.matcher(userId).matches()) {
				throw new IllegalArgumentException("--user needs the student's user_id, a UUID such as"
						+ " 3f2a1c9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b, not '" + userId + "'");
			}
			// The services compare sub with the user_id as UUID.toString() writes it:
			// lower case.
			return new Request(UUID.fromString(userId).toString(), STUDENT_SCOPES, ttl);
		}

		/**
		 * A trusted service's token: its name as {@code sub} and exactly the scopes asked
		 * for.
		 */
		static Request service(String name, String scopes, Duration ttl) {
			if (name == null || !SERVICE_NAME.matcher(name).matches()) {
				throw new IllegalArgumentException("--service needs a name of letters, digits, '.', '_' or '-' (at"
						+ " most 64), not '" + name + "'");
			}
			if (scopes == null || scopes.isBlank()) {
				throw new IllegalArgumentException("--service needs --scope, one or more of " + known());
			}
			Set<String> asked = new LinkedHashSet<>(List.of(scopes.trim().split("\\s+")));
			List<String> unknown = asked.stream().filter((scope) -> !SCOPES.contains(scope)).toList();
			if (!unknown.isEmpty()) {
				throw new IllegalArgumentException(
						"unknown scope " + String.join(", ", unknown) + "; the services know " + known());
			}
			return new Request(name, List.copyOf(asked), ttl);
		}

		/** The options of {@code ./learnflow token}. */
		static Request parse(List<String> options) {
			String user = null;
			String service = null;
			String scope = null;
			Duration ttl = DEFAULT_TTL;
			for (int i = 0; i < options.size(); i++) {
				String option = options.get(i);
				if (!List.of("--user", "--service", "--scope", "--ttl").contains(option)) {
					throw new IllegalArgumentException("unknown option '" + option + "'; use --user UUID, or --service"
							+ " NAME --scope \"SCOPE ...\", and optionally --ttl 1h");
				}
				if (i + 1 >= options.size()) {
					throw new IllegalArgumentException(option + " needs a value");
				}
				String value = options.get(++i);
				switch (option) {
					case "--user" -> user = value;
					case "--service" -> service = value;
					case "--scope" -> scope = value;
					default -> ttl = ttl(value);
				}
			}
			if ((user == null) == (service == null)) {
				throw new IllegalArgumentException("give either --user UUID (a student's token) or --service NAME"
						+ " --scope \"SCOPE ...\" (a trusted service's token)");
			}
			if (user != null) {
				if (scope != null) {
					throw new IllegalArgumentException("--scope is for --service tokens; a --user token always"
							+ " carries " + String.join(" ", STUDENT_SCOPES));
				}
				return student(user, ttl);
			}
			return service(service, scope, ttl);
		}

		/** {@code 90s}, {@code 30m}, {@code 6h}, {@code 2d}. */
		static Duration ttl(String value) {
			Matcher ttl = TTL.matcher(value);
			if (!ttl.matches()) {
				throw new IllegalArgumentException(
						"--ttl needs a number and a unit (s, m, h or d), such as 1h, not '" + value + "'");
			}
			long amount = Long.parseLong(ttl.group(1));
			Duration duration = switch (ttl.group(2)) {
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
			if (duration.isZero() || duration.compareTo(MAX_TTL) > 0) {
				throw new IllegalArgumentException("--ttl must lie between 1s and 365d, not " + value);
			}
			return duration;
		}

		private static String known() {
			return "events:write:self, events:write, struggles:read:self, struggles:read, ops:read";
		}

	}

	/** The key pair in this directory; a new one when there is none. */
	static LocalTokens inDirectory(Path dir) throws IOException, GeneralSecurityException {
		Files.createDirectories(dir);
		restrict(dir, "rwx------");
		// Two commands at once (./learnflow up and ./learnflow token) must not each write
		// a different pair.
		try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
			Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
			Path publicFile = dir.resolve(PUBLIC_KEY_FILE);
			if (!Files.exists(privateFile)) {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(2048);
				KeyPair pair = generator.generateKeyPair();
				write(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), "rw-------");
				write(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()), "rw-r--r--");
			}
			restrict(privateFile, "rw-------");
			KeyFactory rsa = KeyFactory.getInstance("RSA");
			RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa
				.generatePrivate(new PKCS8EncodedKeySpec(unpem(privateFile, "PRIVATE KEY")));
			RSAPublicKey derived = (RSAPublicKey) rsa
				.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
			if (!Files.exists(publicFile)) {
				write(publicFile, pem("PUBLIC KEY", derived.getEncoded()), "rw-r--r--");
			}
			RSAPublicKey publicKey = (RSAPublicKey) rsa
				.generatePublic(new X509EncodedKeySpec(unpem(publicFile, "PUBLIC KEY")));
			if (!publicKey.getModulus().equals(derived.getModulus())) {
				throw new IllegalStateException(publicFile + " is not the public key of " + privateFile
						+ "; delete both to make a new pair (and restart the stack)");
			}
			return new LocalTokens(dir, privateKey, publicKey);
		}
	}

	/**
	 * The key pair in this directory, made when missing, for a caller in this JVM; a key
	 * that cannot be made or read is a {@link LocalStackException}.
	 */
	public static LocalTokens in(Path dir) {
		try {
			return inDirectory(dir);
		}
		catch (IOException | GeneralSecurityException | IllegalStateException ex) {
			throw new LocalStackException("the key pair in " + dir + " could not be made or read: " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * A trusted service's token with exactly these scopes (space-separated), valid for
	 * {@code ttl}.
	 */
	public String serviceToken(String name, String scopes, Duration ttl) {
		return sign(Request.service(name, scopes, ttl), Instant.now());
	}

	/** The file of the public key, which the services validate tokens with. */
	public Path publicKeyFile() {
		return this.directory.resolve(PUBLIC_KEY_FILE).toAbsolutePath();
	}

	RSAPublicKey publicKey() {
		return this.publicKey;
	}

	/**
	 * A signed token for the request, issued at {@code now} (whole seconds, as JWT times
	 * are).
	 */
	String sign(Request request, Instant now) {
		Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(KEY_ID).build();
		// The claims as a map, not a JWTClaimsSet: that writes a single audience as a
		// string, and identity
		// providers (and the contract) write aud as an array.
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", ISSUER);
		claims.put("sub", request.subject());
		claims.put("aud", List.of(AUDIENCE));
		claims.put("scope", String.join(" ", request.scopes()));
		claims.put("iat", issued.getEpochSecond());
		claims.put("nbf", issued.getEpochSecond());
		claims.put("exp", issued.plus(request.ttl()).getEpochSecond());
		claims.put("jti", UUID.randomUUID().toString());
		JWSObject jwt = new JWSObject(header, new Payload(claims));
		try {
			jwt.sign(new RSASSASigner(this.privateKey));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("signing failed: " + ex.getMessage(), ex);
		}
		return jwt.serialize();
	}

	private static String pem(String type, byte[] der) {
		String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
	}

	private static byte[] unpem(Path file, String type) throws IOException {
		String text = Files.readString(file, StandardCharsets.US_ASCII);
		int begin = text.indexOf("-----BEGIN " + type + "-----");
		int end = text.indexOf("-----END " + type + "-----");
		if (begin < 0 || end < begin) {
			throw new IllegalStateException(
					file + " holds no PEM block '" + type + "'; delete " + file.resolveSibling(PRIVATE_KEY_FILE)
							+ " and " + file.resolveSibling(PUBLIC_KEY_FILE) + " to make a new pair");
		}
		List<String> lines = new ArrayList<>(
				text.substring(begin + type.length() + 16, end).lines().map(String::strip).toList());
		lines.removeIf(String::isEmpty);
		return Base64.getDecoder().decode(String.join("", lines));
	}

	/**
	 * Writes the file whole, with these permissions from the start: no moment when others
	 * could read a key.
	 */
	private static void write(Path file, String content, String permissions) throws IOException {
		Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
		Files.deleteIfExists(temporary);
		if (posix()) {
			Files.createFile(temporary,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
		}
		Files.writeString(temporary, content, StandardCharsets.US_ASCII);
		try {
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static void restrict(Path path, String permissions) throws IOException {
		if (posix()) {
			Set<PosixFilePermission> wanted = PosixFilePermissions.fromString(permissions);
			if (!Files.getPosixFilePermissions(path).equals(wanted)) {
				Files.setPosixFilePermissions(path, wanted);
			}
		}
	}

	private static boolean posix() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	}

}
