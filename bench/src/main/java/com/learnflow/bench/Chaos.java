package com.learnflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.learnflow.events.EventTopic;
import com.learnflow.events.TopicCatalog;

import com.learnflow.localstack.LocalStack;
import com.learnflow.localstack.StackService;

/**
 * {@code ./learnflow chaos}: faults injected into the running local stack, each under
 * load, each with its outcome asserted. Exits non-zero when a scenario fails.
 *
 * <ul>
 * <li>broker killed (SIGKILL) and restarted: no event answered 202 is lost, requests
 * during the outage are answered 503 within the publish bound, and requests succeed again
 * within 15 s of the broker being back;</li>
 * <li>broker paused (SIGSTOP) longer than the bound, then resumed: the same
 * guarantees;</li>
 * <li>detector killed (SIGKILL) mid-stream and restarted: every student gets exactly the
 * alert an uninterrupted run gives, none missing, none twice;</li>
 * <li>poison records (not JSON, wrong types, truncated, huge) on each input topic: they
 * land on the dead-letter topic, the good records after them are processed, and the
 * detector's consumer lag returns to zero;</li>
 * <li>low scores dated 3 hours ahead (a laptop with a wrong clock), over REST and
 * straight to Kafka: refused with a 400 naming {@code submitted_at}, or dead-lettered,
 * and the detector still detects the next student;</li>
 * <li>an input topic grows a partition and the detector restarts: it starts, and detects
 * on the new partition.</li>
 * </ul>
 *
 * <p>
 * The load is the frontend-like mix from 4 clients, bounded in time. Under the detector's
 * faults the ingest services must also answer every request of it 202 and lose none.
 */
public final class Chaos {

	/** The publish timeout of the services (5 s) plus the time to answer. */
	static final Duration ANSWER_BOUND = Duration.ofMillis(6500);

	static final Duration RECOVERY_BOUND = Duration.ofSeconds(15);

	private final LocalStack stack = LocalStack.fromEnvironment();

	private final String bootstrap = this.stack.bootstrap();

	private final List<String> failures = new ArrayList<>();

	private Chaos() {
	}

	public static void main(String[] args) throws Exception {
		Chaos chaos = new Chaos();
		chaos.brokerFault("broker killed (SIGKILL) and restarted", "KILL");
		chaos.brokerFault("broker paused (SIGSTOP) for 10 s, then resumed", "STOP");
		chaos.detectorKilled();
		chaos.poisonRecords();
		chaos.futureDatedScores();
		chaos.partitionAdded();
		System.out.println(chaos.failures.isEmpty() ? "chaos: all scenarios passed"
				: "chaos: FAILED\n  " + String.join("\n  ", chaos.failures));
		System.exit(chaos.failures.isEmpty() ? 0 : 1);
	}

	private void brokerFault(String name, String signal) throws Exception {
		log(name);
		LoadGenerator load = new LoadGenerator(new Workload(200));
		// Long enough to see a recovery fail: the broker is back at about 15-18 s, and
		// the load goes on for more than
		// RECOVERY_BOUND after that.
		CompletableFuture<LoadGenerator.Result> running = backgroundLoad(load, Duration.ofSeconds(35));
		TimeUnit.SECONDS.sleep(5);
		load.failureLatencies();
		long back;
		if (signal.equals("KILL")) {
			this.stack.signal(LocalStack.KAFKA, "KILL");
			TimeUnit.SECONDS.sleep(8);
			// The broker counts as back once it answers, not once ./learnflow up has seen
			// the services ready again.
			CompletableFuture<Void> up = CompletableFuture.runAsync(() -> this.stack.up(System.err));
			back = awaitBroker(Duration.ofSeconds(60));
			up.get(120, TimeUnit.SECONDS);
		}
		else {
			this.stack.signal(LocalStack.KAFKA, "STOP");
			TimeUnit.SECONDS.sleep(10);
			this.stack.signal(LocalStack.KAFKA, "CONT");
			back = System.nanoTime();
		}
		LoadGenerator.Result result = running.get(120, TimeUnit.SECONDS);
		Histogram refused = load.failureLatencies();
		// Negative when the last refusal was answered before the broker was back:
		// requests sent after it succeeded.
		long lastRefusalMs = (load.lastFailureNanos() - back) / 1_000_000;
		long recoveryMs = Math.max(0, lastRefusalMs);
		log(name + ": answers " + result.statuses() + ", slowest refusal " + refused.getMaxValue() / 1000
				+ " ms, last refusal " + Math.abs(lastRefusalMs) + " ms " + ((lastRefusalMs < 0) ? "before" : "after")
				+ " the broker was back");
		check(name + ": some requests were refused while the broker was away", refused.getTotalCount() > 0);
		check(name + ": every refusal came within " + ANSWER_BOUND.toMillis() + " ms (slowest "
				+ refused.getMaxValue() / 1000 + " ms)", refused.getMaxValue() / 1000 <= ANSWER_BOUND.toMillis());
		check(name + ": requests succeed again within 15 s (" + recoveryMs + " ms)",
				recoveryMs <= RECOVERY_BOUND.toMillis());
		checkNoLoss(name, load);
	}

	private void detectorKilled() throws Exception {
		String name = "detector killed (SIGKILL) mid-stream and restarted";
		log(name);
		List<UUID> students = java.util.stream.Stream.generate(UUID::randomUUID).limit(50).toList();
		LoadGenerator load = new LoadGenerator(new Workload(200));
		CompletableFuture<LoadGenerator.Result> running = backgroundLoad(load, Duration.ofSeconds(20));
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
				new StringSerializer(), new StringSerializer())) {
			// Two failures each before the kill and the third after: each student must
			// get exactly one alert.
			for (int round = 0; round < 2; round++) {
				students.forEach((student) -> producer.send(failure(student)));
			}
			producer.flush();
			TimeUnit.SECONDS.sleep(2);
			this.stack.signal(StackService.STRUGGLE_DETECTOR.serviceName(), "KILL");
			students.forEach((student) -> producer.send(failure(student)));
			producer.flush();
		}
		this.stack.up(System.err);
		Map<String, Integer> alerts = alertsFor(students, Duration.ofSeconds(90));
		long missing = students.stream().filter((s) -> !alerts.containsKey(s.toString())).count();
		long twice = alerts.values().stream().filter((count) -> count > 1).count();
		log(name + ": " + students.size() + " students, " + missing + " without an alert, " + twice
				+ " with more than one");
		check(name + ": every student got an alert (" + missing + " missing)", missing == 0);
		check(name + ": no student got two (" + twice + ")", twice == 0);
		ingestUnaffected(name, load, running);
	}

	/**
	 * The frontend-like load (4 clients) for {@code duration} in the background, while a
	 * scenario runs.
	 */
	private static CompletableFuture<LoadGenerator.Result> backgroundLoad(LoadGenerator load, Duration duration) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return load.maximum(4, duration);
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/**
	 * A fault of the detector leaves the ingest path alone: every request answered 202,
	 * none of them lost.
	 */
	private void ingestUnaffected(String name, LoadGenerator load, CompletableFuture<LoadGenerator.Result> running)
			throws Exception {
		LoadGenerator.Result result = running.get(120, TimeUnit.SECONDS);
		check(name + ": the ingest services answered every request of the load 202 (" + result.statuses() + ")",
				result.accepted() > 0 && result.statuses().keySet().equals(Set.of("202")));
		checkNoLoss(name, load);
	}

	/** Every event the load had answered 202 is on its topic exactly once. */
	private void checkNoLoss(String name, LoadGenerator load) {
		for (Map.Entry<String, Set<String>> topic : load.accepted().entrySet()) {
			NoLossCheck.Outcome outcome = NoLossCheck.check(this.bootstrap, topic.getKey(), topic.getValue());
			check(name + ": no loss on " + outcome, outcome.passed());
		}
	}

	private void poisonRecords() throws Exception {
		String name = "poison records on each input topic";
		log(name);
		String marker = "chaos-poison-" + UUID.randomUUID();
		Map<EventTopic<?>, List<String>> poison = new java.util.LinkedHashMap<>();
		for (EventTopic<?> topic : TopicCatalog.activity()) {
			poison.put(topic,
					List.of("not json " + marker, "{\"user_id\": \"" + marker + "\", \"score\": \"high\"}",
							"{\"event_type\": \"code_execution\", \"user_id\": \"" + marker,
							"{\"padding\": \"" + marker + "x".repeat(500_000) + "\"}"));
		}
		UUID student = UUID.randomUUID();
		LoadGenerator load = new LoadGenerator(new Workload(200));
		CompletableFuture<LoadGenerator.Result> running = backgroundLoad(load, Duration.ofSeconds(10));
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap, ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
						1_000_000),
				new StringSerializer(), new StringSerializer())) {
			poison.forEach((topic, values) -> values
				.forEach((value) -> producer.send(new ProducerRecord<>(topic.name(), marker, value))));
			for (int i = 0; i < 3; i++) {
				producer.send(failure(student));
			}
			producer.flush();
		}
		Map<String, Integer> alerts = alertsFor(List.of(student), Duration.ofSeconds(60));
		check(name + ": the good records after the poison still give their alert",
				alerts.getOrDefault(student.toString(), 0) == 1);
		for (EventTopic<?> topic : poison.keySet()) {
			long dead = countWithKey(topic.deadLetterTopic(), marker);
			check(name + ": " + topic.deadLetterTopic() + " holds the 4 poison records (" + dead + ")", dead == 4);
		}
		ingestUnaffected(name, load, running);
		double lag = this.stack.awaitDetectorCaughtUp(Duration.ofSeconds(60));
		check(name + ": the detector's consumer lag returns to zero (" + lag + ")", lag == 0);
	}

	/**
	 * The two requests that used to stop detection for every student: low scores dated 3
	 * hours ahead.
	 */
	private void futureDatedScores() throws Exception {
		String name = "low scores dated 3 hours ahead";
		log(name);
		UUID careless = UUID.randomUUID();
		Instant ahead = Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
		int port = Workload.Endpoint.SUBMISSIONS.port;
		String path = Workload.Endpoint.SUBMISSIONS.path;
		for (int i = 0; i < 2; i++) {
			KeepAliveHttp.Answer answer = KeepAliveHttp.post(port, path, submission(careless, ahead, 30));
			check(name + ": over REST, 400 naming submitted_at (" + answer.status() + ")",
					answer.status() == 400 && answer.body().contains("\"submitted_at\""));
		}
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap), new StringSerializer(),
				new StringSerializer())) {
			for (int i = 0; i < 2; i++) {
				producer.send(new ProducerRecord<>(TopicCatalog.LEARNING_SUBMITTED.name(), careless.toString(),
						new String(submission(careless, ahead, 30), StandardCharsets.UTF_8)));
			}
			producer.flush();
		}
		UUID next = UUID.randomUUID();
		for (int i = 0; i < 2; i++) {
			KeepAliveHttp.Answer answer = KeepAliveHttp.post(port, path,
					submission(next, Instant.now().truncatedTo(ChronoUnit.MILLIS), 30));
			check(name + ": a low score of the next student, dated now, is answered 202 (" + answer.status() + ")",
					answer.status() == 202);
		}
		Map<String, Integer> alerts = alertsFor(List.of(next), Duration.ofSeconds(60));
		check(name + ": the detector still detects the next student's low scores",
				alerts.getOrDefault(next.toString(), 0) == 1);
		long dead = countWithKey(TopicCatalog.LEARNING_SUBMITTED.deadLetterTopic(), careless.toString());
		check(name + ": straight to Kafka, both are on learning.submitted.dlt (" + dead + ")", dead == 2);
		check(name + ": no alert for the student whose scores were refused",
				alertsFor(List.of(careless), Duration.ofSeconds(3)).isEmpty());
	}

	/**
	 * A partition added to an input topic (kafka-topics --alter), which used to stop
	 * detection at the next rebalance and every restart.
	 */
	private void partitionAdded() throws Exception {
		String name = "code.executed grows a partition and the detector restarts";
		log(name);
		int added;
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap))) {
			int partitions = admin.describeTopics(List.of(TopicCatalog.CODE_EXECUTED.name()))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.get(TopicCatalog.CODE_EXECUTED.name())
				.partitions()
				.size();
			admin.createPartitions(Map.of(TopicCatalog.CODE_EXECUTED.name(), NewPartitions.increaseTo(partitions + 1)))
				.all()
				.get(30, TimeUnit.SECONDS);
			added = partitions;
		}
		this.stack.stop(StackService.STRUGGLE_DETECTOR.serviceName(), System.err);
		this.stack.up(System.err);
		UUID student = UUID.randomUUID();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap), new StringSerializer(),
				new StringSerializer())) {
			for (int i = 0; i < 3; i++) {
				ProducerRecord<String, String> failure = failure(student);
				producer.send(new ProducerRecord<>(failure.topic(), added, failure.key(), failure.value()));
			}
			producer.flush();
		}
		Map<String, Integer> alerts = alertsFor(List.of(student), Duration.ofSeconds(90));
		check(name + ": the detector started and detects on the new partition " + added,
				alerts.getOrDefault(student.toString(), 0) == 1);
	}

	private static byte[] submission(UUID student, Instant submittedAt, double score) {
		return """
				{"user_id":"%s","class_id":"%s","quiz_id":"%s","submitted_at":"%s","score":%s}"""
			.formatted(student, UUID.randomUUID(), UUID.randomUUID(), submittedAt, score)
			.getBytes(StandardCharsets.UTF_8);
	}

	private long countWithKey(String topic, String key) {
		long[] count = { 0 };
		TopicReader.readToEnd(this.bootstrap, topic, Duration.ofSeconds(30), (record) -> {
			if (key.equals(record.key())) {
				count[0]++;
			}
		});
		return count[0];
	}

	private ProducerRecord<String, String> failure(UUID student) {
		UUID session = UUID.randomUUID();
		return new ProducerRecord<>(TopicCatalog.CODE_EXECUTED.name(), session.toString(), """
				{"event_type":"code_execution","user_id":"%s","session_id":"%s","language":"python",\
				"execution_time_ms":3,"success":false,"error":"chaos"}""".formatted(student, session));
	}

	/**
	 * Alerts per student on struggle.detected (committed only), read until all students
	 * have one or time is up.
	 */
	private Map<String, Integer> alertsFor(List<UUID> students, Duration timeout) {
		Set<String> wanted = new java.util.HashSet<>(students.stream().map(UUID::toString).toList());
		Map<String, Integer> counts = new HashMap<>();
		long[] settle = { Long.MAX_VALUE };
		TopicReader.readUntil(this.bootstrap, TopicCatalog.STRUGGLE_DETECTED.name(), timeout, (record) -> {
			if (wanted.contains(record.key())) {
				counts.merge(record.key(), 1, Integer::sum);
			}
		}, () -> {
			if (settle[0] == Long.MAX_VALUE && counts.keySet().containsAll(wanted)) {
				// Every student has an alert: read a little longer so that a duplicate
				// would show.
				settle[0] = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			}
			return System.nanoTime() >= settle[0];
		});
		return counts;
	}

	/**
	 * Waits until the broker answers a metadata request, and returns when
	 * ({@code System.nanoTime()}).
	 */
	private long awaitBroker(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap,
					AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
					1000))) {
				admin.describeCluster().nodes().get(1, TimeUnit.SECONDS);
				return System.nanoTime();
			}
			catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
				TimeUnit.MILLISECONDS.sleep(100);
			}
		}
		throw new IllegalStateException("the broker did not answer within " + timeout);
	}

	private void check(String what, boolean passed) {
		log((passed ? "ok   " : "FAIL ") + what);
		if (!passed) {
			this.failures.add(what);
		}
	}

	static void log(String message) {
		System.err.println("chaos: " + message);
	}

}
