package com.learnflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each process of the local stack costs: its peak resident memory ({@code VmHWM}) and the time from its JVM's
 * start to Spring's "Started" line, read from {@code ./learnflow}'s PID files and logs.
 */
final class Resources {

	static final List<String> SERVICES = List.of("submission-service", "code-exec-service", "exercise-service",
			"struggle-detector");

	private static final Pattern STARTED = Pattern.compile("Started \\w+ in [\\d.]+ seconds \\(process running for ([\\d.]+)\\)");

	/**
	 * @param peakRssMb peak resident memory (MB), or -1 when unknown
	 * @param startSeconds seconds from JVM start to started, or -1 when unknown
	 */
	record Usage(long peakRssMb, double startSeconds) {
	}

	static Map<String, Usage> read(Path learnflowHome) {
		Map<String, Usage> usage = new LinkedHashMap<>();
		for (String service : SERVICES) {
			usage.put(service, new Usage(peakRss(learnflowHome.resolve("run").resolve(service + ".pid")),
					startSeconds(learnflowHome.resolve("logs").resolve(service + ".log"))));
		}
		return usage;
	}

	private static long peakRss(Path pidFile) {
		try {
			String pid = Files.readString(pidFile).trim();
			for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not running under ./learnflow, or not on Linux
		}
		return -1;
	}

	private static double startSeconds(Path log) {
		try {
			Matcher started = STARTED.matcher(Files.readString(log));
			double last = -1;
			while (started.find()) {
				last = Double.parseDouble(started.group(1));
			}
			return last;
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
