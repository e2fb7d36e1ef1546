package com.learnflow.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM of its own on the test's classpath, for a real program that a test runs as a
 * process and may kill: a broker, MirrorMaker 2 in dedicated mode. It runs with the C1
 * compiler alone and the serial collector, as the test JVMs do: it lives for a test, and
 * the build's two cores are better spent on the tests.
 */
public final class TestJvm {

	private TestJvm() {
	}

	/**
	 * Starts {@code mainClass} with a 256 MB heap and its temporary files in
	 * {@code directory}, its output (standard and error) appended to {@code log}.
	 */
	public static Process start(Path directory, Path log, String mainClass, String... args) {
		return start(directory, log, List.of(), mainClass, args);
	}

	/**
	 * {@link #start(Path, Path, String, String...)} with more JVM options, such as a
	 * logging configuration.
	 */
	public static Process start(Path directory, Path log, List<String> jvmOptions, String mainClass, String... args) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
				"-Djava.io.tmpdir=" + directory));
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
		command.addAll(List.of(args));
		try {
			return new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
