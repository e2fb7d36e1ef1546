package com.learnflow.localbroker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The configuration of a single-node KRaft broker (one process that is broker and
 * controller), as every local broker runs it: {@code ./learnflow up}'s, the tests' broker
 * processes and in-process broker, and, as its file input, docker-compose's.
 *
 * <p>
 * The shared settings live in one file, the classpath resource {@value #SETTINGS}; each
 * broker adds only its listeners, node and data directory.
 */
public final class SingleNodeBroker {

	/** The classpath resource that holds the settings every local broker shares. */
	public static final String SETTINGS = "single-node-broker/server.properties";

	private SingleNodeBroker() {
	}

	/**
	 * Prints a plain broker's whole {@code server.properties}, for a script that runs a
	 * broker of its own ({@code .ci/image-check}).
	 *
	 * <p>
	 * Usage: {@code SingleNodeBroker <port> <controller-port> <data-dir>}
	 */
	public static void main(String[] args) {
		if (args.length != 3) {
			System.err.println("usage: SingleNodeBroker <port> <controller-port> <data-dir>");
			System.exit(2);
		}
		System.out.println(serverProperties("PLAINTEXT", "PLAINTEXT", Integer.parseInt(args[0]),
				Integer.parseInt(args[1]), Path.of(args[2])));
	}

	/** The shared settings, as the text of a properties file. */
	public static String settings() {
		try (InputStream in = SingleNodeBroker.class.getClassLoader().getResourceAsStream(SETTINGS)) {
			if (in == null) {
				throw new IllegalStateException(SETTINGS + " is not on the classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A whole {@code server.properties}: node 1 as broker and controller, a client
	 * listener and a controller listener on 127.0.0.1, its data in {@code dataDir}, then
	 * the shared settings.
	 * @param protocol the client listener's security protocol, such as {@code PLAINTEXT}
	 * or {@code SASL_PLAINTEXT}
	 * @param controllerProtocol the controller listener's
	 */
	public static String serverProperties(String protocol, String controllerProtocol, int port, int controllerPort,
			Path dataDir) {
		return String.join("\n", "process.roles=broker,controller", "node.id=1",
				"controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
				"listeners=" + protocol + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
				"advertised.listeners=" + protocol + "://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
				"inter.broker.listener.name=" + protocol,
				"listener.security.protocol.map=" + protocol + ":" + protocol + ",CONTROLLER:" + controllerProtocol,
				"log.dirs=" + dataDir, "", settings());
	}

}
