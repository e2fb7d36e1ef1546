package com.learnflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.learnflow.localstack.StackService;

/**
 * What each process of the local stack costs: its peak resident memory ({@code VmHWM})
 * and the time from its JVM's start to Spring's "Started" line, read from
 * {@code ./learnflow}'s PID files and logs.
 */
final class Resources {

	private static final Pattern STARTED = Pattern
		.compile("Started \\w+ in [\\d.]+ seconds \\(process running for ([\\d.]+)\\)");

	/**
	 * @param peakRssMb peak resident memory (MB), or -1 when unknown
	 * @param startSeconds seconds from JVM start to started, or -1 when unknown
	 */
	record Usage(long peakRssMb, double startSeconds) {
	}

	static Map<String, Usage> read(Path learnflowHome) {
		Map<String, Usage> usage = new LinkedHashMap<>();
		for (String service : Stream.of(StackService.values()).map(StackService::serviceName).toList()) {
			usage.put(service, new Usage(peakRss(learnflowHome.resolve("run").resolve(service + ".pid")),
					startSeconds(learnflowHome.resolve("logs").resolve(service + ".log"))));
		}
		return usage;
	}

	private static long peakRss(Path pidFile) {
		try {
			return peakRssMb(Long.parseLong(Files.readString(pidFile).trim()));
		}
		catch (IOException | RuntimeException ex) {
			return -1; // not running under ./learnflow
		}
	}

	/**
	 * The CPU (user and system) a process has used, in seconds, from {@code /proc}; NaN
	 * when it cannot be read.
	 */
	static double cpuSeconds(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// The fields after the command name, which is in parentheses and may hold
			// spaces: utime is the 12th.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
	}

	/** The CPU this JVM has used, in seconds. */
	static double ownCpuSeconds() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
	}

	/**
	 * Linux's {@code USER_HZ}, the unit of {@code /proc/<pid>/stat}'s times, 100 on every
	 * usual kernel.
	 */
	private static final int CLOCK_TICKS_PER_SECOND = 100;

	/**
	 * A process's peak resident memory ({@code VmHWM}) in MB, or -1 when it cannot be
	 * read (not on Linux).
	 */
	static long peakRssMb(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not on Linux, or gone
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
