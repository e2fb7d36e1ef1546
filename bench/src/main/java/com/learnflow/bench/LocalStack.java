package com.learnflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The stack that {@code ./learnflow up} runs, as the benchmark and the fault scenarios
 * drive it: its processes by pid file, signals to them, and {@code ./learnflow} itself.
 */
final class LocalStack {

	private final Path root = Path.of("").toAbsolutePath();

	private final Path home = Path.of(System.getenv().getOrDefault("LEARNFLOW_HOME", ".learnflow")).toAbsolutePath();

	private final String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");

	Path home() {
		return this.home;
	}

	String bootstrap() {
		return this.bootstrap;
	}

	/** The pid of a component ({@code kafka} or a service name) from its pid file. */
	long pid(String component) throws IOException {
		return Long.parseLong(Files.readString(this.home.resolve("run").resolve(component + ".pid")).trim());
	}

	void signal(String component, String signal) throws IOException, InterruptedException {
		long pid = pid(component);
		log("kill -" + signal + " " + pid + " (" + component + ")");
		new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
	}

	/** Stops a component cleanly (SIGTERM) and waits until its process is gone. */
	void stop(String component) throws IOException, InterruptedException {
		long pid = pid(component);
		signal(component, "TERM");
		var process = ProcessHandle.of(pid);
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (process.isPresent() && process.get().isAlive() && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(100);
		}
	}

	/**
	 * {@code ./learnflow up}: starts what is not running and waits until everything is
	 * ready.
	 */
	void up() throws IOException, InterruptedException {
		Process process = new ProcessBuilder(this.root.resolve("learnflow").toString(), "up").redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException("./learnflow up failed:\n" + output);
		}
	}

	/**
	 * Starts one more detector, as {@code ./learnflow up} starts the local one (same JVM
	 * options), under another environment name: its application id and consumer group are
	 * its own. It serves HTTP on a free port.
	 */
	Process startDetector(String environment, Path stateDir) throws IOException {
		// The services' options, and any of the replay's own (a profiler, say:
		// docs/benchmark.md).
		List<String> command = javaWithServiceOptions(System.getenv().getOrDefault("LEARNFLOW_REPLAY_JVM_OPTS", ""));
		command.addAll(List.of("-Dlearnflow.component=struggle-detector-" + environment, "-jar",
				this.root.resolve("struggle-detector/target/struggle-detector.jar").toString(),
				"--server.address=127.0.0.1", "--server.port=0"));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.home.resolve("logs").resolve("struggle-detector-" + environment + ".log").toFile());
		builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", this.bootstrap);
		builder.environment().put("LEARNFLOW_ENV", environment);
		builder.environment().put("LEARNFLOW_STATE_DIR", stateDir.toString());
		builder.environment().put("MALLOC_ARENA_MAX", "2");
		return builder.start();
	}

	/**
	 * Starts the benchmark's bare-controller anchor ({@code bench-anchor}) on 127.0.0.1
	 * and the given port, with the services' JVM options and broker.
	 */
	Process startAnchor(int port) throws IOException {
		List<String> command = javaWithServiceOptions("");
		command.addAll(List.of("-Dlearnflow.component=bench-anchor", "-jar",
				this.root.resolve("bench-anchor/target/bench-anchor.jar").toString(), "--server.address=127.0.0.1",
				"--server.port=" + port));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.home.resolve("logs").resolve("bench-anchor.log").toFile());
		builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", this.bootstrap);
		return builder.start();
	}

	/**
	 * This JVM's {@code java} with the services' JVM options ({@code ./learnflow}'s),
	 * then {@code extraOptions}.
	 */
	private static List<String> javaWithServiceOptions(String extraOptions) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		String options = System.getenv().getOrDefault("LEARNFLOW_SERVICE_JVM_OPTS", "-Xmx256m") + " " + extraOptions;
		command.addAll(List.of(options.trim().split("\\s+")));
		return command;
	}

	/**
	 * Waits until the local detector's consumer lag
	 * ({@code learnflow_detector_consumer_lag_records}) is zero.
	 * @return the last lag read: 0, or what was left when the time was up (-1 when it
	 * could not be read)
	 */
	double awaitDetectorCaughtUp(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		double lag = -1;
		while (System.nanoTime() < deadline) {
			lag = detectorLag();
			if (lag == 0) {
				break;
			}
			TimeUnit.MILLISECONDS.sleep(500);
		}
		return lag;
	}

	private static double detectorLag() {
		String port = System.getenv().getOrDefault("STRUGGLE_DETECTOR_PORT", "8084");
		try {
			var connection = (java.net.HttpURLConnection) java.net.URI
				.create("http://127.0.0.1:" + port + "/actuator/prometheus")
				.toURL()
				.openConnection();
			String metrics = new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return metrics.lines()
				.filter((line) -> line.startsWith("learnflow_detector_consumer_lag_records "))
				.mapToDouble((line) -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
				.findFirst()
				.orElse(-1);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	private static void log(String message) {
		System.err.println("stack: " + message);
	}

}
