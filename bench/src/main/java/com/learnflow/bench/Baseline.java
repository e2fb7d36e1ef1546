package com.learnflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import com.learnflow.kafka.KafkaClientConfig;

/**
 * The ceiling: Kafka's own {@code ProducerPerformance}, with the services' producer
 * config (KafkaClientConfig) and ~200-byte JSON records, and {@code ConsumerPerformance}
 * reading them back, against the same broker, each in its own JVM.
 */
final class Baseline {

	static final String TOPIC = "bench.baseline";

	private static final Pattern PRODUCER_SUMMARY = Pattern
		.compile("(\\d+) records sent, ([\\d.]+) records/sec .*?, ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, "
				+ "(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th");

	private final String bootstrap;

	Baseline(String bootstrap) {
		this.bootstrap = bootstrap;
	}

	/**
	 * The ceiling alone, for the load scripts of {@code bench/scripts} to compare against
	 * in their own run.
	 * @param args the bootstrap servers and the number of records
	 */
	public static void main(String[] args) throws Exception {
		Numbers numbers = new Baseline(args[0]).run(Integer.parseInt(args[1]));
		System.out.printf("ProducerPerformance %.0f records/s, p99 %.0f ms; ConsumerPerformance %.0f records/s%n",
				numbers.recordsPerSecond(), numbers.p99Ms(), numbers.consumedPerSecond());
	}

	/**
	 * @param recordsPerSecond records per second produced
	 * @param p50Ms producer latency p50 (ms)
	 * @param p99Ms producer latency p99 (ms)
	 * @param consumedPerSecond records per second consumed
	 */
	record Numbers(double recordsPerSecond, double p50Ms, double p99Ms, double consumedPerSecond) {
	}

	Numbers run(int records) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap))) {
			if (!admin.listTopics().names().get().contains(TOPIC)) {
				admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(3), Optional.empty()))).all().get();
			}
		}
		Path payloads = Files.createTempFile("learnflow-bench-payloads", ".txt");
		payloads.toFile().deleteOnExit();
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			lines.add(
					("{\"event_type\":\"code_execution\",\"user_id\":\"%s\",\"session_id\":\"%s\",\"language\":\"python\","
							+ "\"execution_time_ms\":150,\"success\":false,\"error\":\"NameError\"}")
						.formatted(UUID.randomUUID(), UUID.randomUUID()));
		}
		Files.write(payloads, lines, StandardCharsets.UTF_8);
		String producerProps = KafkaClientConfig.producer(Duration.ofSeconds(30))
			.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.collect(Collectors.joining(" "));
		List<String> producer = new ArrayList<>(List.of("org.apache.kafka.tools.ProducerPerformance", "--topic", TOPIC,
				"--num-records", Integer.toString(records), "--throughput", "-1", "--payload-file", payloads.toString(),
				"--producer-props", "bootstrap.servers=" + this.bootstrap));
		producer.addAll(List.of(producerProps.split(" ")));
		String produced = java(producer);
		Matcher summary = null;
		for (String line : produced.split("\n")) {
			Matcher candidate = PRODUCER_SUMMARY.matcher(line);
			if (candidate.find()) {
				summary = candidate;
			}
		}
		if (summary == null) {
			throw new IllegalStateException("ProducerPerformance printed no summary:\n" + produced);
		}
		String consumed = java(List.of("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server",
				this.bootstrap, "--topic", TOPIC, "--messages", Integer.toString(records), "--timeout", "60000"));
		return new Numbers(Double.parseDouble(summary.group(2)), Double.parseDouble(summary.group(5)),
				Double.parseDouble(summary.group(7)), consumerRate(consumed));
	}

	/** {@code nMsg.sec} from ConsumerPerformance's CSV line. */
	static double consumerRate(String output) {
		return Double.parseDouble(consumerResult(output).get("nMsg.sec"));
	}

	/**
	 * ConsumerPerformance reading each topic's backlog from the start, one topic after
	 * another, in a group of its own.
	 * @param backlog the records to read per topic
	 */
	static Consumed consume(String bootstrap, Map<String, Long> backlog) throws IOException, InterruptedException {
		long records = 0;
		double seconds = 0;
		List<String> groups = new ArrayList<>();
		for (Map.Entry<String, Long> topic : backlog.entrySet()) {
			String group = "bench-consumer-performance-" + UUID.randomUUID();
			groups.add(group);
			Map<String, String> result = consumerResult(java(List.of("org.apache.kafka.tools.ConsumerPerformance",
					"--bootstrap-server", bootstrap, "--topic", topic.getKey(), "--group", group, "--messages",
					Long.toString(topic.getValue()), "--timeout", "60000")));
			long read = Long.parseLong(result.get("data.consumed.in.nMsg"));
			records += read;
			seconds += read / Double.parseDouble(result.get("nMsg.sec"));
		}
		// Its groups are of no use after the run; each run would otherwise leave them on
		// the broker.
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			admin.deleteConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			Bench.log("ConsumerPerformance's groups were not all deleted: " + ex.getMessage());
		}
		return new Consumed(records, seconds);
	}

	/**
	 * What ConsumerPerformance read.
	 *
	 * @param records records read
	 * @param seconds the time it took, joining its group included
	 */
	record Consumed(long records, double seconds) {

		double perSecond() {
			return this.records / this.seconds;
		}

	}

	/** ConsumerPerformance's CSV result line, by column name. */
	private static Map<String, String> consumerResult(String output) {
		List<String> lines = output.lines().map(String::trim).toList();
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).startsWith("start.time")) {
				List<String> header = List.of(lines.get(i).split(",\\s*"));
				for (int j = i + 1; j < lines.size(); j++) {
					List<String> values = List.of(lines.get(j).split(",\\s*"));
					if (values.size() == header.size()) {
						Map<String, String> result = new java.util.LinkedHashMap<>();
						for (int k = 0; k < header.size(); k++) {
							result.put(header.get(k), values.get(k));
						}
						return result;
					}
				}
			}
		}
		throw new IllegalStateException("ConsumerPerformance printed no result:\n" + output);
	}

	static String java(List<String> mainAndArgs) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp",
						System.getProperty("java.class.path")));
		command.addAll(mainAndArgs);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", mainAndArgs.subList(0, 1)) + " failed:\n" + output);
		}
		return output;
	}

}
