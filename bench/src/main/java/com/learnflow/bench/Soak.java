package com.learnflow.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.learnflow.localstack.LocalStack;
import com.learnflow.localstack.StackService;

/**
 * {@code ./learnflow soak [--minutes N] [--out DIR]}: for N minutes (default 5), against
 * the running local stack, everything that grows with traffic grows: every code execution
 * carries a new {@code Idempotency-Key}, every third one completes a new student's
 * pattern (a new alert in the detector's view), and stream subscribers come and go. Every
 * 30 s it forces a full GC in the detector and in the code-execution service (jcmd) and
 * samples the heap in use after it and the process's RSS; memory that grows with traffic
 * shows as a rising heap.
 */
public final class Soak {

	private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

	private static final Duration SAMPLE_EVERY = Duration.ofSeconds(30);

	private final LocalStack stack = LocalStack.fromEnvironment();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong alerts = new AtomicLong();

	private final AtomicLong subscribers = new AtomicLong();

	private final AtomicLong refused = new AtomicLong();

	private Soak() {
	}

	public static void main(String[] args) throws Exception {
		int minutes = 5;
		Path out = Path.of("bench", "results");
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--minutes")) {
				minutes = Integer.parseInt(args[++i]);
			}
			else if (args[i].equals("--out")) {
				out = Path.of(args[++i]);
			}
		}
		new Soak().run(Duration.ofMinutes(minutes), out);
	}

	private void run(Duration duration, Path out) throws Exception {
		long end = System.nanoTime() + duration.toNanos();
		Thread load = new Thread(() -> executions(end), "soak-executions");
		Thread streams = new Thread(() -> streams(end), "soak-streams");
		load.start();
		streams.start();
		List<String> rows = new ArrayList<>();
		long started = System.nanoTime();
		while (System.nanoTime() < end) {
			TimeUnit.NANOSECONDS.sleep(Math.min(SAMPLE_EVERY.toNanos(), Math.max(0, end - System.nanoTime())));
			rows.add(sample(Duration.ofNanos(System.nanoTime() - started)));
			System.err.println("soak: " + rows.get(rows.size() - 1));
		}
		load.join();
		streams.join();
		write(out, duration, rows);
	}

	/**
	 * Code executions, each with a new Idempotency-Key; three failures of a new student
	 * each time: a new alert.
	 */
	private void executions(long end) {
		int port = Workload.Endpoint.CODE_EXECUTIONS.port;
		String path = Workload.Endpoint.CODE_EXECUTIONS.path;
		while (System.nanoTime() < end) {
			UUID student = UUID.randomUUID();
			for (int i = 0; i < 3; i++) {
				byte[] json = ("{\"user_id\":\"" + student + "\",\"session_id\":\"" + UUID.randomUUID()
						+ "\",\"language\":\"python\",\"execution_time_ms\":5,\"success\":false,\"error\":\"soak\"}")
					.getBytes(StandardCharsets.UTF_8);
				try {
					KeepAliveHttp.Answer answer = KeepAliveHttp.post(port, path, json,
							"Idempotency-Key: soak-" + UUID.randomUUID() + "\r\n");
					if (answer.status() != 202) {
						this.refused.incrementAndGet();
					}
				}
				catch (IOException ex) {
					this.refused.incrementAndGet();
				}
				this.requests.incrementAndGet();
			}
			this.alerts.incrementAndGet();
		}
	}

	/**
	 * Stream subscribers that come and go: 20 open at a time, each for a student of its
	 * own, replaced one by one.
	 */
	private void streams(long end) {
		int port = this.stack.port(StackService.STRUGGLE_DETECTOR);
		Deque<Socket> open = new ArrayDeque<>();
		try {
			while (System.nanoTime() < end) {
				Socket socket = new Socket();
				socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
				OutputStream request = socket.getOutputStream();
				request.write(("GET /api/v1/struggles/stream?user_id=" + UUID.randomUUID()
						+ " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "Accept: text/event-stream\r\n"
						+ KeepAliveHttp.AUTHORIZATION + "\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				request.flush();
				open.addLast(socket);
				this.subscribers.incrementAndGet();
				if (open.size() > 20) {
					open.removeFirst().close();
				}
				TimeUnit.MILLISECONDS.sleep(100);
			}
		}
		catch (IOException | InterruptedException ex) {
			System.err.println("soak: streams stopped: " + ex);
		}
		finally {
			open.forEach((socket) -> {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// closing anyway
				}
			});
		}
	}

	private String sample(Duration at) throws IOException, InterruptedException {
		return "| " + at.toSeconds() + " s | " + this.requests.get() + " | " + this.refused.get() + " | "
				+ this.alerts.get() + " | " + this.subscribers.get() + " | " + memory("struggle-detector") + " | "
				+ memory("code-exec-service") + " |";
	}

	/**
	 * The heap in use after a full GC and the RSS, in MB, of one service of the stack.
	 */
	private String memory(String service) throws IOException, InterruptedException {
		long pid = this.stack.pid(service);
		jcmd(pid, "GC.run");
		// The heap's generations (Serial, Parallel) or G1's whole heap; Metaspace is not
		// heap.
		long heapKb = 0;
		for (String line : jcmd(pid, "GC.heap_info").split("\n")) {
			Matcher used = HEAP_USED.matcher(line);
			if ((line.contains("generation") || line.contains("garbage-first heap")) && used.find()) {
				heapKb += Long.parseLong(used.group(1));
			}
		}
		long rssKb = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))
			.stream()
			.filter((line) -> line.startsWith("VmRSS:"))
			.mapToLong((line) -> Long.parseLong(line.replaceAll("\\D", "")))
			.findFirst()
			.orElse(-1);
		return (heapKb / 1024) + " | " + (rssKb / 1024);
	}

	private static String jcmd(long pid, String command) throws IOException, InterruptedException {
		Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
		Path jcmd = java.resolveSibling("jcmd");
		Process process = new ProcessBuilder(Files.exists(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid), command)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(30, TimeUnit.SECONDS);
		return output;
	}

	private void write(Path out, Duration duration, List<String> rows) throws IOException {
		Files.createDirectories(out);
		String report = "# Soak: memory while alerts, idempotency keys and subscribers grow\n\n"
				+ "`./learnflow soak --minutes " + duration.toMinutes()
				+ "` on the local stack. Each sample forces a full GC"
				+ " (jcmd GC.run) in the detector and the code-execution service, then reads the heap in use and the RSS."
				+ "\n\n| at | requests | not 202 | new students (alerts) | subscribers opened | detector heap MB"
				+ " | detector RSS MB | code-exec heap MB | code-exec RSS MB |\n|---|---|---|---|---|---|---|---|---|\n"
				+ String.join("\n", rows) + "\n";
		Files.writeString(out.resolve("soak.md"), report);
		System.out.println(report);
	}

}
