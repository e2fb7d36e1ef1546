package com.learnflow.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The local stack's description, on real processes and sockets: where its files go, which
 * ports and environment its services get, which processes count as its own, and how
 * {@code ./learnflow}'s commands answer without a broker.
 */
class LocalStackTests {

	@TempDir
	Path home;

	private final List<Process> started = new java.util.ArrayList<>();

	@AfterEach
	void killStarted() {
		this.started.forEach(Process::destroyForcibly);
	}

	static Stream<Arguments> ports() {
		return Stream.of(arguments(Map.of(), StackService.SUBMISSION_SERVICE, 8081),
				arguments(Map.of(), StackService.CODE_EXEC_SERVICE, 8082),
				arguments(Map.of(), StackService.EXERCISE_SERVICE, 8083),
				arguments(Map.of(), StackService.STRUGGLE_DETECTOR, 8084),
				arguments(Map.of("CODE_EXEC_SERVICE_PORT", "18082"), StackService.CODE_EXEC_SERVICE, 18082),
				arguments(Map.of("STRUGGLE_DETECTOR_PORT", " 29084 "), StackService.STRUGGLE_DETECTOR, 29084),
				arguments(Map.of("CODE_EXEC_SERVICE_PORT", "18082"), StackService.SUBMISSION_SERVICE, 8081));
	}

	@ParameterizedTest
	@MethodSource
	void ports(Map<String, String> environment, StackService service, int port) {
		assertThat(stack(environment).port(service)).isEqualTo(port);
	}

	@ParameterizedTest
	@MethodSource
	void refusedPorts(String value) {
		assertThatExceptionOfType(LocalStackException.class)
			.isThrownBy(() -> stack(Map.of("EXERCISE_SERVICE_PORT", value)).port(StackService.EXERCISE_SERVICE))
			.withMessage("EXERCISE_SERVICE_PORT must be a port (1-65535), not '" + value + "'");
	}

	static Stream<String> refusedPorts() {
		return Stream.of("0", "65536", "80a", "-1");
	}

	@Test
	void servicesStartInOrderWithTheDetectorLast() {
		assertThat(Stream.of(StackService.values()).map(StackService::serviceName))
			.containsExactly("submission-service", "code-exec-service", "exercise-service", "struggle-detector");
	}

	@Test
	void aServiceGetsTheBrokerItsEnvironmentItsStateAndTheLocalKey() {
		LocalStack stack = stack(Map.of("LEARNFLOW_KAFKA_PORT", "19092", "LEARNFLOW_ENV", "dev"));
		Map<String, String> environment = stack.serviceEnvironment(StackService.STRUGGLE_DETECTOR,
				stack.tokenValidation());
		assertThat(environment).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092")
			.containsEntry("LEARNFLOW_ENV", "dev")
			.containsEntry("LEARNFLOW_STATE_DIR", this.home.resolve("state/struggle-detector").toString())
			.containsEntry("MALLOC_ARENA_MAX", "2")
			.containsEntry("LEARNFLOW_JWT_ISSUER", "learnflow-local")
			.containsEntry("LEARNFLOW_JWT_PUBLIC_KEY", "file:" + this.home.resolve("jwt/signing-key.pub.pem"));
		assertThat(this.home.resolve("jwt/signing-key.pem")).exists();
		assertThat(stack.usesLocalKey()).isTrue();
	}

	@Test
	void anIdentityProvidersSettingsReplaceTheLocalKey() {
		LocalStack stack = stack(Map.of("LEARNFLOW_JWT_ISSUER", "https://id.example.org", "LEARNFLOW_JWT_JWK_SET_URI",
				"https://id.example.org/jwks"));
		assertThat(stack.tokenValidation()).containsOnly(Map.entry("LEARNFLOW_JWT_ISSUER", "https://id.example.org"));
		assertThat(this.home.resolve("jwt")).doesNotExist();
		assertThat(stack.usesLocalKey()).isFalse();
	}

	@Test
	void theToolTokenIsTheCallersOrAServiceTokenOfTheLocalKey() {
		assertThat(stack(Map.of("LEARNFLOW_TOKEN", " given.token.value ")).toolToken("bench", Duration.ofHours(1)))
			.isEqualTo("given.token.value");
		String minted = stack(Map.of()).toolToken("bench", Duration.ofHours(1));
		assertThat(minted.split("\\.")).hasSize(3);
		assertThat(this.home.resolve("jwt/signing-key.pub.pem")).exists();
	}

	@Test
	void aProcessCountsAsAComponentOnlyWhileItRunsAndCarriesItsMarker() throws Exception {
		LocalStack stack = stack(Map.of());
		Files.createDirectories(stack.runDir());
		// No pid file, a pid file of a process without the marker (this JVM), then a
		// process that carries it.
		assertThat(stack.runningPid(LocalStack.KAFKA)).isEmpty();
		Files.writeString(stack.pidFile(LocalStack.KAFKA), ProcessHandle.current().pid() + "\n");
		assertThat(stack.runningPid(LocalStack.KAFKA)).isEmpty();
		Process marked = startMarked(LocalStack.KAFKA);
		Files.writeString(stack.pidFile(LocalStack.KAFKA), marked.pid() + "\n");
		assertThat(stack.runningPid(LocalStack.KAFKA)).hasValue(marked.pid());
		assertThat(stack.runningPid("kafka-other")).isEmpty();

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		stack.stop(LocalStack.KAFKA, new PrintStream(out, true, StandardCharsets.UTF_8));
		assertThat(marked.isAlive()).isFalse();
		assertThat(stack.pidFile(LocalStack.KAFKA)).doesNotExist();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("kafka              stopped (pid " + marked.pid());
	}

	@Test
	void statusAndDownOnAStackThatDoesNotRun() throws IOException {
		Map<String, String> environment = freePorts();
		LocalStack stack = stack(environment);
		String status = run(stack, "status");
		assertThat(status.lines()).hasSize(5)
			.allMatch((line) -> line.contains(" stopped "))
			.anyMatch((line) -> line.startsWith("kafka")
					&& line.endsWith("127.0.0.1:" + environment.get("LEARNFLOW_KAFKA_PORT")))
			.anyMatch((line) -> line.startsWith("struggle-detector")
					&& line.contains("http://127.0.0.1:" + environment.get("STRUGGLE_DETECTOR_PORT")));
		assertThat(run(stack, "down")).isEqualTo("All stopped.\n");
	}

	/**
	 * What {@code down} and {@code up} say when another process holds one of the stack's
	 * ports.
	 */
	static Stream<Arguments> portsAnotherProcessHolds() {
		return Stream.of(
				arguments("EXERCISE_SERVICE_PORT", "down",
						"ports still listening: [%d] (not ours, or not yet released)"),
				arguments("LEARNFLOW_KAFKA_PORT", "up",
						"port %d is taken by another process; set LEARNFLOW_KAFKA_PORT"),
				arguments("LEARNFLOW_CONTROLLER_PORT", "up",
						"port %d is taken by another process; set LEARNFLOW_CONTROLLER_PORT"));
	}

	@ParameterizedTest
	@MethodSource
	void portsAnotherProcessHolds(String variable, String command, String message) throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Map<String, String> environment = new HashMap<>(freePorts());
			environment.put(variable, Integer.toString(taken.getLocalPort()));
			ByteArrayOutputStream err = new ByteArrayOutputStream();
			int exit = LearnflowCommand.run(List.of(command), stack(environment), quiet(),
					new PrintStream(err, true, StandardCharsets.UTF_8));
			assertThat(exit).isEqualTo(1);
			assertThat(err.toString(StandardCharsets.UTF_8))
				.isEqualTo("learnflow: " + message.formatted(taken.getLocalPort()) + "\n");
		}
	}

	@Test
	void theDetectorsStateIsDeletedOnlyWhileItIsStopped() throws Exception {
		LocalStack stack = stack(Map.of("LEARNFLOW_ENV", "dev"));
		Path state = this.home.resolve("state/struggle-detector/struggle-detector-dev-detection");
		Files.createDirectories(state.resolve("0_1/rocksdb"));
		Files.writeString(state.resolve("0_1/rocksdb/CURRENT"), "x");
		Path other = Files.createDirectories(this.home.resolve("state/struggle-detector/other"));

		Files.createDirectories(stack.runDir());
		Process detector = startMarked("struggle-detector");
		Files.writeString(stack.pidFile("struggle-detector"), detector.pid() + "\n");
		assertThatExceptionOfType(LocalStackException.class).isThrownBy(stack::deleteDetectorState)
			.withMessage("the detector runs; stop it before deleting its state");
		assertThat(state).exists();

		detector.destroyForcibly().waitFor();
		assertThat(stack.deleteDetectorState()).isEqualTo(state);
		assertThat(state).doesNotExist();
		assertThat(other).exists();
	}

	static Stream<Arguments> refusedCommandLines() {
		return Stream.of(arguments(List.of("start"), "unknown command 'start'"),
				arguments(List.of("backup"), "usage: ./learnflow backup FILE"),
				arguments(List.of("restore", "a.json", "b.json"), "usage: ./learnflow restore FILE"),
				arguments(List.of("partitions", "code.executed"), "usage: ./learnflow partitions TOPIC COUNT"),
				arguments(List.of("replay"), "usage: ./learnflow replay --to-earliest | --to-datetime"),
				arguments(List.of("replay", "--to-datetime", "yesterday"),
						"usage: ./learnflow replay --to-earliest | --to-datetime"),
				arguments(List.of("replay", "--to-earliest", "now"),
						"usage: ./learnflow replay --to-earliest | --to-datetime"),
				arguments(List.of("token", "--user", "alice"), "--user needs the student's user_id, a UUID"));
	}

	@ParameterizedTest
	@MethodSource
	void refusedCommandLines(List<String> args, String message) {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = LearnflowCommand.run(args, stack(freePorts()), quiet(),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(exit).isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains(message);
	}

	@Test
	void commandsThatNeedTheBrokerSaySoWhenItDoesNotRun() {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		for (List<String> args : List.of(List.of("topics"), List.of("replay", "--to-earliest"))) {
			err.reset();
			assertThat(LearnflowCommand.run(args, stack(freePorts()), quiet(),
					new PrintStream(err, true, StandardCharsets.UTF_8)))
				.isEqualTo(1);
			assertThat(err.toString(StandardCharsets.UTF_8))
				.isEqualTo("learnflow: kafka is not running; ./learnflow up first\n");
		}
	}

	@Test
	void helpListsEveryCommandAndTheSettings() {
		String help = run(stack(Map.of()), "help");
		assertThat(help).contains("./learnflow up ", "./learnflow down ", "./learnflow status ", "./learnflow topics ",
				"./learnflow logs ", "./learnflow token ", "./learnflow bench ", "./learnflow chaos ",
				"./learnflow soak ", "./learnflow backup ", "./learnflow restore ", "./learnflow replay ",
				"./learnflow partitions ");
		assertThat(help).contains("  SUBMISSION_SERVICE_PORT (8081), CODE_EXEC_SERVICE_PORT (8082)\n",
				"  EXERCISE_SERVICE_PORT (8083), STRUGGLE_DETECTOR_PORT (8084)\n", "(default 9092)", "(default 9093)");
	}

	private LocalStack stack(Map<String, String> environment) {
		Map<String, String> withHome = new HashMap<>(environment);
		withHome.put("LEARNFLOW_HOME", this.home.toString());
		return LocalStack.of(Path.of("").toAbsolutePath(), withHome);
	}

	/**
	 * A process whose command line carries the component's marker, as the stack's own do.
	 */
	private Process startMarked(String component) throws IOException {
		Process process = new ProcessBuilder("bash", "-c", "sleep 60; true", "-Dlearnflow.component=" + component,
				"end")
			.start();
		this.started.add(process);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"))
				.contains("-Dlearnflow.component=" + component));
		return process;
	}

	/** The broker's, the controller's and the services' ports, each a free one. */
	private static Map<String, String> freePorts() {
		Map<String, String> ports = new HashMap<>();
		ports.put("LEARNFLOW_KAFKA_PORT", freePort());
		ports.put("LEARNFLOW_CONTROLLER_PORT", freePort());
		Stream.of(StackService.values()).forEach((service) -> ports.put(service.portVariable(), freePort()));
		return ports;
	}

	private static String freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return Integer.toString(socket.getLocalPort());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static String run(LocalStack stack, String command) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = LearnflowCommand.run(List.of(command), stack, new PrintStream(out, true, StandardCharsets.UTF_8),
				quiet());
		assertThat(exit).isZero();
		return out.toString(StandardCharsets.UTF_8);
	}

	private static PrintStream quiet() {
		return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
	}

}
