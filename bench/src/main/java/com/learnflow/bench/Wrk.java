package com.learnflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maximum-throughput load from {@code wrk} (Debian's package: C and LuaJIT, one thread),
 * so that the figure is the service's and not the load generator's: keep-alive
 * connections post the bodies of a {@link Workload} in turn, each with the bench's bearer
 * token, and wrk's own CPU is measured and reported beside its numbers.
 */
final class Wrk {

	/**
	 * How many different bodies a script cycles through (students and ids of the
	 * workload).
	 */
	private static final int BODIES = 1000;

	private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");

	private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m),");

	private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

	private static final Pattern SOCKET_ERRORS = Pattern
		.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

	private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([\\d.]+)(us|ms|s|m)\\s*$",
			Pattern.MULTILINE);

	/**
	 * bash's {@code times}: the second line is the children's user and system time, as
	 * {@code 0m1.810s 0m0.200s}.
	 */
	private static final Pattern CHILD_TIMES = Pattern.compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s\\s*$");

	/**
	 * One run of wrk.
	 *
	 * @param connections keep-alive connections
	 * @param seconds how long it ran
	 * @param requests the answers it read
	 * @param perSecond answers per second
	 * @param non2xx answers that were not 2xx
	 * @param socketErrors connect, read, write errors and timeouts together
	 * @param p50Ms median latency
	 * @param p99Ms 99th percentile latency
	 * @param wrkCpuSeconds the CPU (user and system) wrk itself used
	 */
	record Run(int connections, double seconds, long requests, double perSecond, long non2xx, long socketErrors,
			double p50Ms, double p99Ms, double wrkCpuSeconds) {

		long accepted() {
			return this.requests - this.non2xx;
		}

		/** wrk's CPU as a share of one core over the run. */
		double wrkCores() {
			return this.wrkCpuSeconds / this.seconds;
		}

		String describe() {
			return String.format(Locale.ROOT, "%,.0f req/s at %d connections, p99 %.1f ms, non-2xx %d, wrk %.2f core",
					this.perSecond, this.connections, this.p99Ms, this.non2xx, wrkCores());
		}

	}

	private final Path script;

	private final String url;

	/**
	 * A load of one endpoint's requests of the workload, posted to {@code baseUrl} + the
	 * endpoint's path.
	 */
	Wrk(String baseUrl, Workload.Endpoint endpoint, String token, Path workDir) throws IOException {
		this(baseUrl + endpoint.path, workDir.resolve("wrk-" + endpoint.name().toLowerCase(Locale.ROOT) + ".lua"),
				endpoint, token, 1, BODIES);
	}

	private Wrk(String url, Path script, Workload.Endpoint endpoint, String token, int perRequest, int requests)
			throws IOException {
		this.url = url;
		this.script = script;
		if (!Files.exists(this.script)) {
			Files.writeString(this.script, script(endpoint, token, perRequest, requests), StandardCharsets.UTF_8);
		}
	}

	/**
	 * A load of one endpoint's batch requests, each a JSON array of {@code perBatch}
	 * events of the workload, posted to {@code baseUrl} + the endpoint's path +
	 * {@code /batch}.
	 */
	static Wrk batches(String baseUrl, Workload.Endpoint endpoint, String token, int perBatch, Path workDir)
			throws IOException {
		return new Wrk(baseUrl + endpoint.path + "/batch",
				workDir.resolve("wrk-" + endpoint.name().toLowerCase(Locale.ROOT) + "-batch.lua"), endpoint, token,
				perBatch, Math.max(1, BODIES / perBatch));
	}

	/**
	 * The Lua script: every request is formatted once, in {@code init}; each call of
	 * {@code request} hands over the next, so that wrk spends nothing per request on
	 * building it.
	 */
	private static String script(Workload.Endpoint endpoint, String token, int perRequest, int requests) {
		Workload workload = Workload.only(endpoint, BODIES);
		StringBuilder lua = new StringBuilder("local bodies = {\n");
		for (int i = 0; i < requests; i++) {
			List<String> events = new ArrayList<>();
			for (int event = 0; event < perRequest; event++) {
				events.add(workload.next().body());
			}
			String body = (perRequest == 1) ? events.get(0) : "[" + String.join(",", events) + "]";
			lua.append("[==[").append(body).append("]==],\n");
		}
		lua.append("}\n").append("local headers = { [\"Content-Type\"] = \"application/json\"");
		if (token != null && !token.isBlank()) {
			lua.append(", [\"Authorization\"] = \"Bearer ").append(token).append('"');
		}
		lua.append(" }\n").append("""
				local requests = {}
				local cursor = 0
				init = function(args)
				  for i, body in ipairs(bodies) do requests[i] = wrk.format("POST", nil, headers, body) end
				end
				request = function()
				  cursor = cursor % #requests + 1
				  return requests[cursor]
				end
				""");
		return lua.toString();
	}

	/**
	 * Runs wrk (one thread) for {@code duration} with {@code connections}; waits for it
	 * to finish.
	 */
	Run run(int connections, Duration duration) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("bash", "-c", "wrk \"$@\"; status=$?; times; exit $status", "wrk", "-t1",
				"-c" + connections, "-d" + duration.toSeconds() + "s", "--latency", "-s", this.script.toString(),
				this.url)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException("wrk failed:\n" + output);
		}
		return parse(connections, output);
	}

	static Run parse(int connections, String output) {
		Matcher requests = find(REQUESTS, output);
		double seconds = Double.parseDouble(requests.group(2)) * toMillis(requests.group(3)) / 1000;
		double p50 = Double.NaN;
		double p99 = Double.NaN;
		Matcher percentile = PERCENTILE.matcher(output);
		while (percentile.find()) {
			double ms = Double.parseDouble(percentile.group(2)) * toMillis(percentile.group(3));
			if (percentile.group(1).equals("50")) {
				p50 = ms;
			}
			else {
				p99 = ms;
			}
		}
		Matcher non2xx = NON_2XX.matcher(output);
		Matcher socket = SOCKET_ERRORS.matcher(output);
		long socketErrors = 0;
		if (socket.find()) {
			for (int group = 1; group <= 4; group++) {
				socketErrors += Long.parseLong(socket.group(group));
			}
		}
		Matcher times = find(CHILD_TIMES, output);
		double cpu = Integer.parseInt(times.group(1)) * 60 + Double.parseDouble(times.group(2))
				+ Integer.parseInt(times.group(3)) * 60 + Double.parseDouble(times.group(4));
		return new Run(connections, seconds, Long.parseLong(requests.group(1)),
				Double.parseDouble(find(RATE, output).group(1)), non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
				socketErrors, p50, p99, cpu);
	}

	private static Matcher find(Pattern pattern, String output) {
		Matcher matcher = pattern.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("no " + pattern + " in wrk's output:\n" + output);
		}
		return matcher;
	}

	private static double toMillis(String unit) {
		return switch (unit) {
			case "us" -> 0.001;
			case "ms" -> 1;
			case "s" -> 1000;
			case "m" -> 60_000;
			default -> throw new IllegalArgumentException(unit);
		};
	}

	/** The lines of a run, for the log. */
	static String describe(List<Run> runs) {
		return String.join("; ", runs.stream().map(Run::describe).toList());
	}

}
