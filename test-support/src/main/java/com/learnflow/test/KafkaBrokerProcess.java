package com.learnflow.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import com.learnflow.localbroker.SingleNodeBroker;

import static org.awaitility.Awaitility.await;

/**
 * A real Kafka broker in its own process, from the test's own classpath, that a test can
 * kill and start again on the same port with the same data: what a broker outage looks
 * like to a service. It is configured as every local broker is
 * ({@link SingleNodeBroker}).
 */
public final class KafkaBrokerProcess implements AutoCloseable {

	private final Path directory;

	private final int port;

	private final int controllerPort;

	private final Scram scram;

	private Process process;

	private KafkaBrokerProcess(Path directory, Scram scram) {
		this.directory = directory;
		this.port = freePort();
		this.controllerPort = freePort();
		this.scram = scram;
	}

	/** Formats a new broker under {@code directory} and starts it. */
	public static KafkaBrokerProcess start(Path directory) {
		return start(directory, null);
	}

	/**
	 * Formats and starts a broker whose client listener requires SASL SCRAM (SHA-256 and
	 * SHA-512) and knows the given user, as a production cluster with
	 * {@code values-secure.yaml} does.
	 */
	public static KafkaBrokerProcess startWithScram(Path directory, String username, String password) {
		return start(directory, new Scram(username, password));
	}

	/**
	 * Formats and starts a broker like {@link #startWithScram}, with these SCRAM users,
	 * that also enforces ACLs as a production cluster with {@code values-secure.yaml}
	 * does: KRaft's {@code StandardAuthorizer}, nothing allowed without an ACL, and only
	 * the broker's own users and {@code superUsers} above the ACLs. The controller
	 * listener takes SASL PLAIN, as the chart's does. {@link #adminClientConfig()} logs
	 * in as the broker's own (super) user.
	 */
	public static KafkaBrokerProcess startWithAuthorizer(Path directory, Map<String, String> users,
			List<String> superUsers) {
		return start(directory, new Scram(users, superUsers));
	}

	private static KafkaBrokerProcess start(Path directory, Scram scram) {
		KafkaBrokerProcess broker = new KafkaBrokerProcess(directory, scram);
		broker.format();
		broker.startAgain();
		return broker;
	}

	/**
	 * What an admin client needs to connect: the address, and the broker's own
	 * credentials when SCRAM is on.
	 */
	public Map<String, Object> adminClientConfig() {
		Map<String, Object> config = new java.util.HashMap<>();
		config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		if (this.scram != null) {
			config.put("security.protocol", "SASL_PLAINTEXT");
			config.put("sasl.mechanism", "SCRAM-SHA-512");
			config.put("sasl.jaas.config", Scram.jaas(Scram.ADMIN, Scram.ADMIN_PASSWORD));
		}
		return config;
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	/** Kills the broker at once (SIGKILL), as a crash would. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Starts the broker again with its data, and waits until it answers. */
	public void startAgain() {
		this.process = java("kafka.Kafka", config().toString());
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(this::answers);
	}

	private boolean answers() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException("the broker process exited with " + this.process.exitValue() + "; see "
					+ this.directory.resolve("broker.log"));
		}
		try (Admin admin = Admin.create(adminClientConfig())) {
			admin.describeCluster(new DescribeClusterOptions().timeoutMs(1000)).nodes().get(2, TimeUnit.SECONDS);
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private void format() {
		try {
			Files.createDirectories(this.directory);
			String listener = (this.scram != null) ? "SASL_PLAINTEXT" : "PLAINTEXT";
			String controllerProtocol = (this.scram != null && this.scram.authorizer()) ? "SASL_PLAINTEXT"
					: "PLAINTEXT";
			Files.writeString(config(),
					SingleNodeBroker.serverProperties(listener, controllerProtocol, this.port, this.controllerPort,
							this.directory.resolve("data")) + "\n"
							+ ((this.scram != null) ? this.scram.brokerConfig() : "") + "\n");
			String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
			List<String> formatArgs = new java.util.ArrayList<>(
					List.of("format", "--standalone", "-t", clusterId, "-c", config().toString()));
			if (this.scram != null) {
				formatArgs.addAll(this.scram.formatArgs());
			}
			Process format = java("kafka.tools.StorageTool", formatArgs.toArray(String[]::new));
			if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
				throw new IllegalStateException(
						"formatting the broker's storage failed; see " + this.directory.resolve("broker.log"));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private Process java(String mainClass, String... args) {
		return TestJvm.start(this.directory, this.directory.resolve("broker.log"), mainClass, args);
	}

	/**
	 * SCRAM credentials created when the storage is formatted: the broker's own user, and
	 * the clients'; with an authorizer, the super users too.
	 *
	 * @param users each client user and its password
	 * @param superUsers the client users above the ACLs, or {@code null} for a broker
	 * without an authorizer
	 */
	public record Scram(Map<String, String> users, List<String> superUsers) {

		static final String ADMIN = "broker-admin";

		static final String ADMIN_PASSWORD = "broker-admin-" + UUID.randomUUID();

		/**
		 * The controllers' own user, on the controller listener (PLAIN) when there is an
		 * authorizer.
		 */
		static final String CONTROLLER = "broker-controller";

		static final String CONTROLLER_PASSWORD = "broker-controller-" + UUID.randomUUID();

		/** One client user, on a broker without an authorizer. */
		public Scram(String username, String password) {
			this(Map.of(username, password), null);
		}

		public static String jaas(String username, String password) {
			return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + username
					+ "\" password=\"" + password + "\";";
		}

		boolean authorizer() {
			return this.superUsers != null;
		}

		String brokerConfig() {
			List<String> config = new java.util.ArrayList<>(List.of(
					"sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512",
					"sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
					"listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=" + jaas(ADMIN, ADMIN_PASSWORD),
					"listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=" + jaas(ADMIN, ADMIN_PASSWORD)));
			if (authorizer()) {
				List<String> supers = new java.util.ArrayList<>(List.of(ADMIN, CONTROLLER));
				supers.addAll(this.superUsers);
				config.addAll(List.of("sasl.mechanism.controller.protocol=PLAIN",
						"listener.name.controller.sasl.enabled.mechanisms=PLAIN",
						"listener.name.controller.plain.sasl.jaas.config="
								+ "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
								+ CONTROLLER + "\" password=\"" + CONTROLLER_PASSWORD + "\" user_" + CONTROLLER + "=\""
								+ CONTROLLER_PASSWORD + "\";",
						"authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
						"allow.everyone.if.no.acl.found=false",
						"super.users=" + String.join(";", supers.stream().map((user) -> "User:" + user).toList())));
			}
			return String.join("\n", config);
		}

		List<String> formatArgs() {
			List<String> args = new java.util.ArrayList<>(
					List.of("--add-scram", "SCRAM-SHA-512=[name=" + ADMIN + ",password=" + ADMIN_PASSWORD + "]"));
			this.users.forEach((username, password) -> args
				.addAll(List.of("--add-scram", "SCRAM-SHA-512=[name=" + username + ",password=" + password + "]",
						"--add-scram", "SCRAM-SHA-256=[name=" + username + ",password=" + password + "]")));
			return args;
		}

	}

	private Path config() {
		return this.directory.resolve("server.properties");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A fresh directory for a broker under the build's temp directory. */
	public static Path newDirectory() {
		return Path.of(System.getProperty("java.io.tmpdir"), "kafka-broker-" + UUID.randomUUID());
	}

	@Override
	public void close() {
		if (this.process != null) {
			kill();
		}
	}

}
