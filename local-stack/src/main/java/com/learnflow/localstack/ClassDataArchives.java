package com.learnflow.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Each service runs from its extracted jar with a class-data-sharing archive, recorded by
 * one training start that ends after Spring's context refresh: the JVM then maps the
 * classes instead of loading them, and starts in about half the time.
 *
 * <p>
 * An archive is recorded again whenever its jar is rebuilt; a service without one still
 * starts, only slower.
 */
final class ClassDataArchives {

	private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(3);

	private final LocalStack stack;

	private final Map<String, String> tokenSettings;

	ClassDataArchives(LocalStack stack, Map<String, String> tokenSettings) {
		this.stack = stack;
		this.tokenSettings = tokenSettings;
	}

	/** The archive in a service's application directory. */
	static Path archive(Path appDir) {
		return appDir.resolve("app.jsa");
	}

	/** Records the missing or stale archives of these services, all at once. */
	void prepare(List<StackService> services, PrintStream out) {
		List<StackService> stale = services.stream().filter(this::stale).toList();
		if (stale.isEmpty()) {
			return;
		}
		out.println("Recording class-data archives for faster starts (once per build): "
				+ String.join(" ", stale.stream().map(StackService::serviceName).toList()));
		List<Training> trainings = new ArrayList<>();
		for (StackService service : stale) {
			trainings.add(train(service));
		}
		for (Training training : trainings) {
			training.await(out);
		}
	}

	private boolean stale(StackService service) {
		Path archive = archive(this.stack.appDir(service));
		Path jar = this.stack.jar(service.serviceName());
		try {
			return !Files.exists(archive)
					|| Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) <= 0;
		}
		catch (IOException ex) {
			return true;
		}
	}

	/**
	 * Extracts the jar and starts the training run, which exits once Spring has refreshed
	 * its context.
	 */
	private Training train(StackService service) {
		String name = service.serviceName();
		Path appDir = this.stack.appDir(service);
		Path log = this.stack.logs().resolve(name + "-cds.log");
		Processes.deleteRecursively(appDir);
		Processes.mkdirs(this.stack.tmpDir());
		List<String> extract = Processes.java(List.of("-Djarmode=tools"));
		extract.addAll(List.of("-jar", this.stack.jar(name).toString(), "extract", "--destination", appDir.toString()));
		Process extraction = Processes.start(extract, Map.of(), log);
		if (!exited(extraction) || extraction.exitValue() != 0) {
			throw new LocalStackException("extracting " + this.stack.jar(name) + " failed; see " + log);
		}
		// The archive holds classes, not compiled code: the training run needs no C2.
		List<String> command = Processes.java(LocalStack.SERVICE_JVM_OPTIONS);
		command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:ArchiveClassesAtExit=" + archive(appDir),
				"-Dspring.context.exit=onRefresh", "-Djava.io.tmpdir=" + this.stack.tmpDir(), "-jar",
				appDir.resolve(name + ".jar").toString(), "--server.address=127.0.0.1", "--server.port=0"));
		return new Training(service, appDir, log,
				Processes.start(command, this.stack.serviceEnvironment(service, this.tokenSettings), log));
	}

	private static boolean exited(Process process) {
		try {
			return process.waitFor(TRAINING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private record Training(StackService service, Path appDir, Path log, Process process) {

		void await(PrintStream out) {
			if (!exited(this.process)) {
				this.process.destroyForcibly();
			}
			if (!Files.exists(archive(this.appDir))) {
				out.println(this.service.serviceName() + ": no class-data archive was written (see " + this.log
						+ "); it starts without one");
			}
		}

	}

}
