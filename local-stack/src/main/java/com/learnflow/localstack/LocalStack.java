package com.learnflow.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import com.learnflow.kafka.ConsumerGroupId;
import com.learnflow.localbroker.SingleNodeBroker;

/**
 * LearnFlow Events on one machine, without Docker: a real single-node KRaft broker from
 * Kafka's own jars and the four services, each its own process on 127.0.0.1. This class
 * is the stack's one description (where it keeps its data, pids and logs, how each
 * process is started, with which JVM options and environment), and {@code ./learnflow},
 * the benchmark and the fault scenarios all drive it through this class.
 *
 * <p>
 * Layout under {@code LEARNFLOW_HOME} (default {@code .learnflow} in the repository):
 * {@code run/<component>.pid}, {@code logs/<component>.log}, {@code kafka/} (the broker's
 * configuration and data), {@code state/<service>/} (Kafka Streams' state),
 * {@code app/<service>/} (the extracted jar and its class-data archive) and {@code jwt/}
 * (the local signing key).
 */
public final class LocalStack {

	/** The broker's component name, for its pid file and log. */
	public static final String KAFKA = "kafka";

	/** The broker's port when {@code LEARNFLOW_KAFKA_PORT} is unset. */
	static final int DEFAULT_KAFKA_PORT = 9092;

	/** Its controller's port when {@code LEARNFLOW_CONTROLLER_PORT} is unset. */
	static final int DEFAULT_CONTROLLER_PORT = 9093;

	/**
	 * The services' JVM: a heap that starts small and grows only as needed (up to 256
	 * MB), the serial collector (a small heap on few cores) and the full JIT.
	 */
	public static final List<String> SERVICE_JVM_OPTIONS = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC");

	/**
	 * The JVM property that marks a process as this stack's, so that a reused pid is
	 * never taken for it.
	 */
	private static final String COMPONENT_MARKER = "-Dlearnflow.component=";

	/** The issuer of the local signing key's tokens ({@code ./learnflow token}). */
	private static final String LOCAL_ISSUER = LocalTokens.ISSUER;

	private final Path root;

	private final Path home;

	private final Map<String, String> environment;

	private final int kafkaPort;

	private final int controllerPort;

	private final Duration readyTimeout;

	private LocalStack(Path root, Map<String, String> environment) {
		this.root = root;
		this.environment = environment;
		this.home = Optional.ofNullable(environment.get("LEARNFLOW_HOME"))
			.filter((value) -> !value.isBlank())
			.map(Path::of)
			.orElse(root.resolve(".learnflow"))
			.toAbsolutePath();
		this.kafkaPort = port("LEARNFLOW_KAFKA_PORT", DEFAULT_KAFKA_PORT);
		this.controllerPort = port("LEARNFLOW_CONTROLLER_PORT", DEFAULT_CONTROLLER_PORT);
		this.readyTimeout = Duration.ofSeconds(Long.parseLong(setting("LEARNFLOW_READY_TIMEOUT", "120")));
	}

	/**
	 * The stack of this process's environment, in the repository given by the
	 * {@code learnflow.root} system property ({@code ./learnflow} sets it), or else the
	 * working directory.
	 */
	public static LocalStack fromEnvironment() {
		return of(Path.of(System.getProperty("learnflow.root", "")).toAbsolutePath(), System.getenv());
	}

	/**
	 * The stack of a repository and an environment (the variables of
	 * {@code ./learnflow help}).
	 */
	public static LocalStack of(Path root, Map<String, String> environment) {
		return new LocalStack(root, Map.copyOf(environment));
	}

	public Path root() {
		return this.root;
	}

	public Path home() {
		return this.home;
	}

	public Path logs() {
		return this.home.resolve("logs");
	}

	/** The broker's address for clients: {@code 127.0.0.1} and its port. */
	public String bootstrap() {
		return "127.0.0.1:" + this.kafkaPort;
	}

	/**
	 * The environment name in the consumer group ids ({@code LEARNFLOW_ENV}, default
	 * {@code local}).
	 */
	public String environmentName() {
		return setting("LEARNFLOW_ENV", "local");
	}

	public int port(StackService service) {
		return service.port(this.environment);
	}

	// Processes

	/**
	 * The pid of a running component of this stack ({@link #KAFKA} or a service's name),
	 * if it runs.
	 */
	public OptionalLong runningPid(String component) {
		Path pidFile = pidFile(component);
		try {
			long pid = Long.parseLong(Files.readString(pidFile).trim());
			// A reused pid is another process: its command line must carry our marker.
			String commandLine = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
			return commandLine.contains(COMPONENT_MARKER + component + " ") ? OptionalLong.of(pid)
					: OptionalLong.empty();
		}
		catch (IOException | NumberFormatException ex) {
			return OptionalLong.empty();
		}
	}

	/** The pid of a running component, or an exception that says it does not run. */
	public long pid(String component) {
		return runningPid(component)
			.orElseThrow(() -> new LocalStackException(component + " is not running; ./learnflow up first"));
	}

	/**
	 * Sends a signal ({@code KILL}, {@code STOP}, {@code CONT}, ...) to a running
	 * component; after {@code KILL}, waits until the process is gone, so that its ports
	 * are free for the next {@link #up}.
	 */
	public void signal(String component, String signal) {
		long pid = pid(component);
		System.err.println("stack: kill -" + signal + " " + pid + " (" + component + ")");
		Processes.run(List.of("kill", "-" + signal, Long.toString(pid)), Duration.ofSeconds(10));
		if (signal.equals("KILL")) {
			ProcessHandle.of(pid).ifPresent((process) -> Processes.awaitExit(process, Duration.ofSeconds(30)));
		}
	}

	/**
	 * Stops a component cleanly (SIGTERM), or kills it after 30 s, and waits until its
	 * process is gone; a component that does not run is left as it is.
	 */
	public void stop(String component, PrintStream out) {
		OptionalLong running = runningPid(component);
		if (running.isEmpty()) {
			Processes.deleteQuietly(pidFile(component));
			return;
		}
		ProcessHandle process = ProcessHandle.of(running.getAsLong()).orElse(null);
		if (process != null) {
			process.destroy();
			if (!Processes.awaitExit(process, Duration.ofSeconds(30))) {
				out.println(component + " did not stop within 30s; killing it");
				process.destroyForcibly();
				Processes.awaitExit(process, Duration.ofSeconds(30));
			}
		}
		Processes.deleteQuietly(pidFile(component));
		out.println(padded(component) + " stopped (pid " + running.getAsLong() + ")");
	}

	/**
	 * Runs work with the detector stopped and starts the stack's missing parts again
	 * afterwards, whether the work succeeded or not: a phase that must not share the CPU
	 * with the detector, or whose records it should work off only later.
	 */
	public <T> T withDetectorStopped(PrintStream out, Callable<T> work) throws Exception {
		stop(StackService.STRUGGLE_DETECTOR.serviceName(), out);
		try {
			return work.call();
		}
		finally {
			up(out);
		}
	}

	// The whole stack

	/**
	 * Starts what does not run (the broker, then each service in turn, the detector last)
	 * and waits until each is ready. Safe to repeat.
	 */
	public void up(PrintStream out) {
		Map<String, String> tokenSettings = tokenValidation();
		Processes.mkdirs(runDir(), logs());
		startKafka(out);
		List<StackService> toStart = Stream.of(StackService.values())
			.filter((service) -> runningPid(service.serviceName()).isEmpty())
			.toList();
		new ClassDataArchives(this, tokenSettings).prepare(toStart, out);
		// One after another: on a small machine each start then has the CPU to itself,
		// and the whole takes no longer.
		for (StackService service : StackService.values()) {
			startService(service, tokenSettings, out);
		}
	}

	/**
	 * Stops the services, then the broker, and checks that their ports are free again.
	 */
	public void down(PrintStream out) {
		// Services first, so that none of them is left talking to a broker that is gone.
		for (StackService service : StackService.values()) {
			stop(service.serviceName(), out);
		}
		stop(KAFKA, out);
		List<Integer> busy = new ArrayList<>();
		List<Integer> ports = new ArrayList<>(List.of(this.kafkaPort, this.controllerPort));
		Stream.of(StackService.values()).forEach((service) -> ports.add(port(service)));
		ports.stream().filter(Processes::listening).forEach(busy::add);
		if (!busy.isEmpty()) {
			throw new LocalStackException("ports still listening: " + busy + " (not ours, or not yet released)");
		}
		out.println("All stopped.");
	}

	/** What runs, with each service's readiness. */
	public void status(PrintStream out) {
		out.printf("%-18s %-22s %s%n", KAFKA, state(KAFKA), bootstrap());
		for (StackService service : StackService.values()) {
			String state = state(service.serviceName());
			String readiness = "";
			if (runningPid(service.serviceName()).isPresent()) {
				readiness = ready(service) ? "ready" : "not ready";
			}
			out.printf("%-18s %-22s http://127.0.0.1:%d %s%n", service.serviceName(), state, port(service), readiness);
		}
	}

	/**
	 * Deletes the local state of the detector of this environment (its RocksDB stores),
	 * which must not be running: a reset application rebuilds it from its topics.
	 */
	public Path deleteDetectorState() {
		if (runningPid(StackService.STRUGGLE_DETECTOR.serviceName()).isPresent()) {
			throw new LocalStackException("the detector runs; stop it before deleting its state");
		}
		Path state = stateDir(StackService.STRUGGLE_DETECTOR)
			.resolve(ConsumerGroupId.detection(environmentName()).value());
		Processes.deleteRecursively(state);
		return state;
	}

	// More processes on the stack's broker, for the benchmark and the fault scenarios

	/**
	 * Starts one more detector, as {@link #up} starts the stack's own (same JVM options
	 * and token validation), under another environment name: its application id and
	 * consumer group are its own. It serves HTTP on a free port.
	 * @param extraJvmOptions more JVM options, such as a profiler's
	 */
	public Process startDetector(String environmentName, Path stateDir, List<String> extraJvmOptions) {
		String name = StackService.STRUGGLE_DETECTOR.serviceName();
		List<String> command = Processes.java(SERVICE_JVM_OPTIONS);
		command.addAll(extraJvmOptions);
		command.addAll(List.of(COMPONENT_MARKER + name + "-" + environmentName, "-jar", jar(name).toString(),
				"--server.address=127.0.0.1", "--server.port=0"));
		Map<String, String> env = new HashMap<>(tokenValidation());
		env.putAll(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap(), "LEARNFLOW_ENV", environmentName,
				"LEARNFLOW_STATE_DIR", stateDir.toString(), "MALLOC_ARENA_MAX", "2"));
		return Processes.start(command, env, logs().resolve(name + "-" + environmentName + ".log"));
	}

	/**
	 * Starts the benchmark's bare-controller anchor ({@code bench-anchor}) on 127.0.0.1
	 * and the given port, with the services' JVM options and broker.
	 */
	public Process startAnchor(int port) {
		List<String> command = Processes.java(SERVICE_JVM_OPTIONS);
		command.addAll(List.of(COMPONENT_MARKER + "bench-anchor", "-jar", jar("bench-anchor").toString(),
				"--server.address=127.0.0.1", "--server.port=" + port));
		return Processes.start(command, Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap()),
				logs().resolve("bench-anchor.log"));
	}

	/**
	 * Runs the operations tool ({@code ops}) on this stack's broker and environment, its
	 * output this process's, and returns its exit code; {@code KAFKA_BOOTSTRAP_SERVERS}
	 * and the {@code KAFKA_SASL_*} variables point it at another cluster.
	 */
	public int runOps(List<String> args) {
		Path ops = this.root.resolve("ops/target");
		List<String> command = Processes.java(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
		command
			.addAll(List.of("-cp", ops.resolve("ops.jar") + ":" + ops.resolve("lib") + "/*", "com.learnflow.ops.Ops"));
		command.addAll(args);
		ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
		builder.environment().putIfAbsent("KAFKA_BOOTSTRAP_SERVERS", bootstrap());
		builder.environment().put("LEARNFLOW_ENV", environmentName());
		try {
			return builder.start().waitFor();
		}
		catch (IOException ex) {
			throw new LocalStackException("could not start the operations tool: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LocalStackException("interrupted", ex);
		}
	}

	/**
	 * The bearer token the tools (bench, chaos, soak) send to {@code /api}: the caller's
	 * {@code LEARNFLOW_TOKEN}, or a service token of the local key with
	 * {@code events:write struggles:read}.
	 */
	public String toolToken(String subject, Duration ttl) {
		String given = this.environment.get("LEARNFLOW_TOKEN");
		if (given != null && !given.isBlank()) {
			return given.trim();
		}
		return localTokens().serviceToken(subject, "events:write struggles:read", ttl);
	}

	/**
	 * The token tool on the local key pair in {@code jwt/}, which it makes when missing.
	 */
	public LocalTokens localTokens() {
		return LocalTokens.in(jwtDir());
	}

	/**
	 * Waits until the local detector's consumer lag
	 * ({@code learnflow_detector_consumer_lag_records}) is zero.
	 * @return the last lag read: 0, or what was left when the time was up (-1 when it
	 * could not be read)
	 */
	public double awaitDetectorCaughtUp(Duration timeout) throws InterruptedException {
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

	/** A client's settings for this stack's broker, with short timeouts. */
	public Map<String, Object> adminClientConfig() {
		return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				10000);
	}

	// The broker

	private void startKafka(PrintStream out) {
		OptionalLong running = runningPid(KAFKA);
		if (running.isPresent()) {
			out.println(padded(KAFKA) + " already running (pid " + running.getAsLong() + ")");
			return;
		}
		requireFree(this.kafkaPort, "LEARNFLOW_KAFKA_PORT");
		requireFree(this.controllerPort, "LEARNFLOW_CONTROLLER_PORT");
		Path kafkaDir = this.home.resolve("kafka");
		Path config = kafkaDir.resolve("server.properties");
		Processes.mkdirs(kafkaDir.resolve("data"));
		Processes.write(config,
				"# Written by ./learnflow up: one combined broker and controller, on loopback only.\n"
						+ SingleNodeBroker.serverProperties("PLAINTEXT", "PLAINTEXT", this.kafkaPort,
								this.controllerPort, kafkaDir.resolve("data")));
		if (!Files.exists(kafkaDir.resolve("data/meta.properties"))) {
			List<String> format = kafkaJava(List.of());
			format.addAll(List.of("kafka.tools.StorageTool", "format", "--standalone", "-t",
					Uuid.randomUuid().toString(), "-c", config.toString()));
			Process formatting = Processes.start(format, Map.of(), logs().resolve("kafka-format.log"));
			if (!Processes.awaitExit(formatting.toHandle(), Duration.ofSeconds(120)) || formatting.exitValue() != 0) {
				throw new LocalStackException(
						"formatting the broker's storage failed; see " + logs().resolve("kafka-format.log"));
			}
		}
		List<String> command = kafkaJava(List.of("-Xms256m", "-Xmx256m", COMPONENT_MARKER + KAFKA));
		command.addAll(List.of("kafka.Kafka", config.toString()));
		Process kafka = Processes.start(command, Map.of(), logs().resolve("kafka.log"));
		Processes.write(pidFile(KAFKA), kafka.pid() + "\n");
		out.println(padded(KAFKA) + " started (pid " + kafka.pid() + "), log " + logs().resolve("kafka.log"));
		awaitBroker(kafka);
	}

	private void awaitBroker(Process kafka) {
		long deadline = System.nanoTime() + this.readyTimeout.toNanos();
		try (Admin admin = Admin.create(adminClientConfig())) {
			while (!CatalogTopicsCommand.answers(admin)) {
				if (!kafka.isAlive()) {
					throw new LocalStackException("the broker exited; see " + logs().resolve("kafka.log"));
				}
				if (System.nanoTime() > deadline) {
					throw new LocalStackException("the broker did not answer within " + this.readyTimeout.toSeconds()
							+ "s; see " + logs().resolve("kafka.log"));
				}
				TimeUnit.MILLISECONDS.sleep(250);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LocalStackException("interrupted", ex);
		}
	}

	/**
	 * The broker's JVM: Kafka's own jars (local-stack's classpath), logging as
	 * {@code logback-local-stack.xml} says.
	 */
	private List<String> kafkaJava(List<String> options) {
		List<String> command = Processes.java(options);
		Path target = this.root.resolve("local-stack/target");
		command.addAll(List.of("-Dlogback.configurationFile=logback-local-stack.xml", "-cp",
				target.resolve("local-stack.jar") + ":" + target.resolve("lib") + "/*"));
		return command;
	}

	// The services

	private void startService(StackService service, Map<String, String> tokenSettings, PrintStream out) {
		String name = service.serviceName();
		OptionalLong running = runningPid(name);
		if (running.isPresent()) {
			out.println(padded(name) + " already running (pid " + running.getAsLong() + ")");
			return;
		}
		int port = port(service);
		requireFree(port, service.portVariable());
		Path app = appDir(service);
		List<String> command = Processes.java(SERVICE_JVM_OPTIONS);
		if (Files.exists(ClassDataArchives.archive(app))) {
			command.add("-XX:SharedArchiveFile=" + ClassDataArchives.archive(app));
		}
		command.addAll(List.of(COMPONENT_MARKER + name, "-Djava.io.tmpdir=" + tmpDir(), "-jar",
				app.resolve(name + ".jar").toString(), "--server.address=127.0.0.1", "--server.port=" + port));
		Process process = Processes.start(command, serviceEnvironment(service, tokenSettings),
				logs().resolve(name + ".log"));
		Processes.write(pidFile(name), process.pid() + "\n");
		out.println(padded(name) + " started (pid " + process.pid() + "), log " + logs().resolve(name + ".log"));
		awaitReady(service, process);
		out.println(padded(name) + " ready   http://127.0.0.1:" + port);
	}

	/**
	 * A service's environment: the broker, the environment name, its state directory and
	 * token validation. {@code MALLOC_ARENA_MAX}: glibc would otherwise give many threads
	 * an arena of their own, which RocksDB's native allocations fill and never return (a
	 * known cause of a JVM's resident memory creeping up).
	 */
	Map<String, String> serviceEnvironment(StackService service, Map<String, String> tokenSettings) {
		Map<String, String> env = new HashMap<>(tokenSettings);
		env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap());
		env.put("LEARNFLOW_ENV", environmentName());
		env.put("LEARNFLOW_STATE_DIR", stateDir(service).toString());
		env.put("MALLOC_ARENA_MAX", "2");
		return env;
	}

	private void awaitReady(StackService service, Process process) {
		long deadline = System.nanoTime() + this.readyTimeout.toNanos();
		try {
			while (!ready(service)) {
				if (!process.isAlive()) {
					throw new LocalStackException(
							service.serviceName() + " exited; see " + logs().resolve(service.serviceName() + ".log"));
				}
				if (System.nanoTime() > deadline) {
					throw new LocalStackException(
							service.serviceName() + " was not ready within " + this.readyTimeout.toSeconds() + "s; see "
									+ logs().resolve(service.serviceName() + ".log"));
				}
				TimeUnit.MILLISECONDS.sleep(500);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LocalStackException("interrupted", ex);
		}
	}

	/** Whether a service's readiness probe answers 200. */
	private boolean ready(StackService service) {
		return Processes.httpGet(port(service), "/actuator/health/readiness").isPresent();
	}

	/**
	 * The services' token validation: what the caller set (an identity provider's
	 * {@code LEARNFLOW_JWT_*}), or else the local key pair in {@code jwt/}, made when
	 * missing, with issuer {@value #LOCAL_ISSUER}.
	 */
	Map<String, String> tokenValidation() {
		Map<String, String> settings = new HashMap<>();
		settings.put("LEARNFLOW_JWT_ISSUER", setting("LEARNFLOW_JWT_ISSUER", LOCAL_ISSUER));
		if (noKeyGiven()) {
			settings.put("LEARNFLOW_JWT_PUBLIC_KEY", "file:" + localTokens().publicKeyFile());
		}
		return settings;
	}

	/**
	 * Whether the services validate the local key's tokens, so that
	 * {@code ./learnflow token} serves them.
	 */
	boolean usesLocalKey() {
		return noKeyGiven() && setting("LEARNFLOW_JWT_ISSUER", LOCAL_ISSUER).equals(LOCAL_ISSUER);
	}

	/**
	 * Whether the caller named no key of an identity provider (a JWK set or a public
	 * key).
	 */
	private boolean noKeyGiven() {
		return setting("LEARNFLOW_JWT_JWK_SET_URI", "").isEmpty() && setting("LEARNFLOW_JWT_PUBLIC_KEY", "").isEmpty();
	}

	private double detectorLag() {
		return Processes.httpGet(port(StackService.STRUGGLE_DETECTOR), "/actuator/prometheus")
			.flatMap((metrics) -> metrics.lines()
				.filter((line) -> line.startsWith("learnflow_detector_consumer_lag_records "))
				.map((line) -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
				.findFirst())
			.orElse(-1.0);
	}

	// Paths

	Path runDir() {
		return this.home.resolve("run");
	}

	Path pidFile(String component) {
		return runDir().resolve(component + ".pid");
	}

	Path appDir(StackService service) {
		return this.home.resolve("app").resolve(service.serviceName());
	}

	Path stateDir(StackService service) {
		return this.home.resolve("state").resolve(service.serviceName());
	}

	Path tmpDir() {
		return this.home.resolve("tmp");
	}

	Path jwtDir() {
		return this.home.resolve("jwt");
	}

	/** A module's runnable jar, as the build leaves it. */
	Path jar(String module) {
		return this.root.resolve(module).resolve("target").resolve(module + ".jar");
	}

	// Helpers

	private static void requireFree(int port, String variable) {
		if (Processes.listening(port)) {
			throw new LocalStackException("port " + port + " is taken by another process; set " + variable);
		}
	}

	private String state(String component) {
		OptionalLong pid = runningPid(component);
		return pid.isPresent() ? "running (pid " + pid.getAsLong() + ")" : "stopped";
	}

	private String setting(String variable, String defaultValue) {
		String value = this.environment.get(variable);
		return (value == null || value.isBlank()) ? defaultValue : value.trim();
	}

	private int port(String variable, int defaultPort) {
		String value = setting(variable, Integer.toString(defaultPort));
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new LocalStackException(variable + " must be a port, not '" + value + "'");
		}
	}

	static String padded(String component) {
		return String.format("%-18s", component);
	}

}
