package com.learnflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The local stack's dealings with the operating system: starting a JVM that outlives this
 * one, waiting for a process, probing a port or an HTTP path on 127.0.0.1, and files.
 */
public final class Processes {

	private Processes() {
	}

	/** This JVM's {@code java} with these options. */
	static List<String> java(List<String> options) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(options);
		return command;
	}

	/**
	 * Starts a process that outlives this one, as {@code nohup} does: no input, its
	 * output appended to {@code log}, hang-ups ignored.
	 */
	static Process start(List<String> command, Map<String, String> environment, Path log) {
		List<String> detached = new ArrayList<>(List.of("nohup"));
		detached.addAll(command);
		ProcessBuilder builder = new ProcessBuilder(detached).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(environment);
		try {
			return builder.start();
		}
		catch (IOException ex) {
			throw new LocalStackException("could not start " + command.get(0) + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Runs a command in the foreground, its output this process's, killing it after the
	 * timeout.
	 */
	static void run(List<String> command, Duration timeout) {
		try {
			Process process = new ProcessBuilder(command).inheritIO().start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Whether the process has exited within the timeout. */
	static boolean awaitExit(ProcessHandle process, Duration timeout) {
		try {
			process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			return !process.isAlive();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !process.isAlive();
		}
	}

	/** The body of a GET on 127.0.0.1 that answered 200 within 2 s. */
	static Optional<String> httpGet(int port, String path) {
		try {
			HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path)
				.toURL()
				.openConnection();
			connection.setConnectTimeout(2000);
			connection.setReadTimeout(2000);
			try {
				if (connection.getResponseCode() != 200) {
					return Optional.empty();
				}
				return Optional.of(new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
			}
			finally {
				connection.disconnect();
			}
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/** Whether something accepts connections on this port of 127.0.0.1 within 500 ms. */
	static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Creates the directories and their parents where missing. */
	static void mkdirs(Path... directories) {
		try {
			for (Path directory : directories) {
				Files.createDirectories(directory);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes the file, replacing what it held. */
	static void write(Path file, String content) {
		try {
			Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Deletes the file if it exists; a file that cannot be deleted is left. */
	static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// Left behind: the next runningPid() check ignores a stale pid file.
		}
	}

	/** Deletes a directory and everything in it; nothing when it does not exist. */
	public static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
