package com.learnflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

import com.learnflow.events.CodeExecuted;
import com.learnflow.events.EventTopic;
import com.learnflow.events.ExerciseStarted;
import com.learnflow.events.LearnFlowEvent;
import com.learnflow.events.LearningSubmitted;
import com.learnflow.events.TopicCatalog;
import com.learnflow.kafka.CloudEventHeaders;
import com.learnflow.kafka.ConsumerGroupId;
import com.learnflow.kafka.KafkaClientConfig;

import com.learnflow.localstack.LocalStack;
import com.learnflow.localstack.Processes;

/**
 * Detector replay: a second detector, under an environment name of its own and so with an
 * application id of its own, processes the whole backlog of the three input topics from
 * the start; ConsumerPerformance reads the same backlog as the baseline.
 *
 * <p>
 * The backlog is topped up to the wanted size with events as the ingest services write
 * them (same JSON, key and CloudEvents headers). The local detector is stopped meanwhile
 * so that it does not compete for the CPU, and started again at the end. The replay's
 * alerts are written to {@code struggle.detected} like any detector's.
 */
final class DetectorReplay {

	static final List<EventTopic<?>> INPUTS = List.of(TopicCatalog.EXERCISE_STARTED, TopicCatalog.CODE_EXECUTED,
			TopicCatalog.LEARNING_SUBMITTED);

	/**
	 * One replay.
	 *
	 * @param backlog input records from the start of the topics to their end
	 * @param added of them, the records this run added
	 * @param eventsPerSecond the replay's rate, from its first committed progress to zero
	 * lag
	 * @param secondsToCaughtUp from the replay JVM's start to zero lag
	 * @param peakRssMb the replaying detector's peak resident memory ({@code VmHWM}), -1
	 * if unknown
	 * @param recordsWritten what the replaying detector wrote to the broker: its
	 * repartition, changelog and dead-letter topics (transaction markers included) and
	 * its alerts
	 * @param consumerPerformance ConsumerPerformance on the same backlog
	 * @param failure why the replay could not be measured, or {@code null}
	 */
	record Result(long backlog, long added, double eventsPerSecond, double secondsToCaughtUp, long peakRssMb,
			long recordsWritten, Baseline.Consumed consumerPerformance, String failure) {

		static Result failed(String why) {
			return new Result(0, 0, Double.NaN, Double.NaN, -1, 0, new Baseline.Consumed(0, Double.NaN), why);
		}

		/** A replay this run did not make (the quick profile). */
		static Result notRun() {
			return failed(null);
		}

		boolean ran() {
			return this.backlog > 0;
		}

		double ratio() {
			return this.eventsPerSecond / this.consumerPerformance.perSecond();
		}

		/** Records the detector wrote to the broker for each input event it read. */
		double writtenPerInput() {
			return (double) this.recordsWritten / this.backlog;
		}

		/**
		 * The highest ratio to ConsumerPerformance this design could reach if its writes
		 * cost what ProducerPerformance's do in the same run and everything else were
		 * free: the producer's rate divided by the records written per input.
		 */
		double writeCeilingRatio(double producerPerformancePerSecond) {
			return producerPerformancePerSecond / writtenPerInput() / this.consumerPerformance.perSecond();
		}

	}

	private final String bootstrap;

	private final LocalStack stack;

	DetectorReplay(String bootstrap, LocalStack stack) {
		this.bootstrap = bootstrap;
		this.stack = stack;
	}

	Result run(long wantedBacklog) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap))) {
			return this.stack.withDetectorStopped(System.err, () -> {
				long before = backlog(admin, offsets(admin, OffsetSpec.latest())).values()
					.stream()
					.mapToLong(Long::longValue)
					.sum();
				long added = Math.max(0, wantedBacklog - before);
				Bench.log("replay: adding " + added + " events to the input topics");
				produce(added);
				Map<TopicPartition, Long> ends = offsets(admin, OffsetSpec.latest());
				Map<String, Long> backlog = backlog(admin, ends);
				long total = backlog.values().stream().mapToLong(Long::longValue).sum();
				Bench.log("replay: a fresh detector processes " + total + " events from the start");
				Run replay = replay(admin, ends);
				Bench.log("replay: ConsumerPerformance on the same backlog");
				Baseline.Consumed baseline = Baseline.consume(this.bootstrap, backlog);
				return new Result(total, added, replay.eventsPerSecond(), replay.secondsToCaughtUp(),
						replay.peakRssMb(), replay.recordsWritten(), baseline, null);
			});
		}
	}

	/** One line of a replay's figures. */
	static String describe(Result result) {
		return String.format(java.util.Locale.ROOT,
				"replay of %d events: %.0f events/s; ConsumerPerformance on the"
						+ " same backlog %.0f/s; ratio %.3f; caught up %.1f s after the JVM started; peak RSS %d MB;"
						+ " %.2f records written per input event",
				result.backlog(), result.eventsPerSecond(), result.consumerPerformance().perSecond(), result.ratio(),
				result.secondsToCaughtUp(), result.peakRssMb(), result.writtenPerInput());
	}

	/**
	 * What the replaying detector did: its rate, the time from its start to zero lag, its
	 * peak RSS in MB, the records it wrote.
	 */
	private record Run(double eventsPerSecond, double secondsToCaughtUp, long peakRssMb, long recordsWritten) {
	}

	/** Runs the fresh detector until its lag is zero. */
	private Run replay(Admin admin, Map<TopicPartition, Long> ends) throws Exception {
		String environment = "replay-" + Instant.now().getEpochSecond();
		ConsumerGroupId application = ConsumerGroupId.detection(environment);
		String group = application.value();
		Path state = Files.createTempDirectory(this.stack.home(), "replay-state");
		long alertsBefore = TopicReader.endOffsetSum(this.bootstrap, TopicCatalog.STRUGGLE_DETECTED.name());
		long started = System.nanoTime();
		// The services' options, and any of the replay's own (a profiler, say:
		// docs/benchmark.md).
		String extra = System.getenv().getOrDefault("LEARNFLOW_REPLAY_JVM_OPTS", "").trim();
		Process detector = this.stack.startDetector(environment, state,
				extra.isEmpty() ? List.of() : List.of(extra.split("\\s+")));
		try {
			long total = ends.values().stream().mapToLong(Long::longValue).sum();
			long firstProgressAt = 0;
			long progressBefore = 0;
			long deadline = started + Duration.ofMinutes(20).toNanos();
			while (System.nanoTime() < deadline) {
				if (!detector.isAlive()) {
					throw new IllegalStateException("the replay detector exited; see its log in " + this.stack.home());
				}
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
					.partitionsToOffsetAndMetadata()
					.get();
				long done = ends.keySet()
					.stream()
					.mapToLong((p) -> (committed.get(p) != null) ? committed.get(p).offset() : 0)
					.sum();
				if (firstProgressAt == 0 && done > 0) {
					firstProgressAt = System.nanoTime();
					progressBefore = done;
				}
				if (done >= total && lag(admin, committed) == 0) {
					long now = System.nanoTime();
					double seconds = (now - firstProgressAt) / 1e9;
					long peakRssMb = Resources.peakRssMb(detector.pid());
					long written = endOffsetSum(admin, application)
							+ TopicReader.endOffsetSum(this.bootstrap, TopicCatalog.STRUGGLE_DETECTED.name())
							- alertsBefore;
					return new Run((total - progressBefore) / seconds, (now - started) / 1e9, peakRssMb, written);
				}
				TimeUnit.MILLISECONDS.sleep(250);
			}
			throw new IllegalStateException("the replay did not catch up within 20 minutes");
		}
		finally {
			detector.destroy();
			if (!detector.waitFor(30, TimeUnit.SECONDS)) {
				detector.destroyForcibly();
			}
			Processes.deleteRecursively(state);
			forget(admin, application);
		}
	}

	/**
	 * Deletes the replaying detector's group and its internal topics, which each run
	 * would otherwise leave on the broker (a group, a repartition topic, five changelogs
	 * and a dead-letter topic).
	 */
	private static void forget(Admin admin, ConsumerGroupId application) {
		try {
			admin.deleteConsumerGroups(List.of(application.value())).all().get(30, TimeUnit.SECONDS);
			List<String> internal = admin.listTopics().names().get().stream().filter(application::ownsTopic).toList();
			admin.deleteTopics(internal).all().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			Bench.log("replay: the replaying detector's group and topics were not all deleted: " + ex.getMessage());
		}
	}

	/**
	 * The end offsets of the replaying detector's own topics, summed: all it wrote there,
	 * as they were created for it.
	 */
	private static long endOffsetSum(Admin admin, ConsumerGroupId application) throws Exception {
		List<String> own = admin.listTopics().names().get().stream().filter(application::ownsTopic).toList();
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		admin.describeTopics(own)
			.allTopicNames()
			.get()
			.values()
			.forEach((topic) -> topic.partitions()
				.forEach((p) -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
		return admin.listOffsets(latest).all().get().values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
	}

	/**
	 * Records not yet processed over all partitions the group committed, its repartition
	 * topic included.
	 */
	private static long lag(Admin admin, Map<TopicPartition, OffsetAndMetadata> committed) throws Exception {
		Map<TopicPartition, OffsetSpec> latest = committed.keySet()
			.stream()
			.collect(Collectors.toMap((p) -> p, (p) -> OffsetSpec.latest()));
		Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
		// With transactions, the end of a partition can be a commit marker that no
		// consumer ever reads past.
		return committed.entrySet()
			.stream()
			.mapToLong((e) -> Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset() - 1))
			.sum();
	}

	/** Records in each input topic, from its start to the given ends. */
	private static Map<String, Long> backlog(Admin admin, Map<TopicPartition, Long> latest) throws Exception {
		Map<TopicPartition, Long> earliest = offsets(admin, OffsetSpec.earliest());
		Map<String, Long> backlog = new LinkedHashMap<>();
		latest.forEach((p, end) -> backlog.merge(p.topic(), end - earliest.get(p), Long::sum));
		return backlog;
	}

	private static Map<TopicPartition, Long> offsets(Admin admin, OffsetSpec spec) throws Exception {
		Map<String, TopicDescription> topics = admin.describeTopics(INPUTS.stream().map(EventTopic::name).toList())
			.allTopicNames()
			.get();
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		topics.values()
			.forEach((topic) -> topic.partitions()
				.forEach((p) -> request.put(new TopicPartition(topic.name(), p.partition()), spec)));
		Map<TopicPartition, Long> offsets = new HashMap<>();
		admin.listOffsets(request).all().get().forEach((p, info) -> offsets.put(p, info.offset()));
		return offsets;
	}

	/** Writes {@code count} events of the usual mix as the ingest services would. */
	private void produce(long count) {
		if (count == 0) {
			return;
		}
		Map<String, Object> config = new HashMap<>(KafkaClientConfig.producer(Duration.ofSeconds(30)));
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		JsonMapper json = JsonMapper.builder().build();
		List<UUID> students = Stream.generate(UUID::randomUUID).limit(20_000).toList();
		AtomicReference<Exception> failure = new AtomicReference<>();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
				new StringSerializer())) {
			for (long i = 0; i < count && failure.get() == null; i++) {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				UUID student = students.get(random.nextInt(students.size()));
				Instant now = Instant.now();
				int roll = random.nextInt(100);
				if (roll < 10) {
					send(producer, failure, json, TopicCatalog.EXERCISE_STARTED,
							new ExerciseStarted(student, UUID.randomUUID(), now), now);
				}
				else if (roll < 85) {
					boolean failed = random.nextInt(5) == 0;
					send(producer, failure, json, TopicCatalog.CODE_EXECUTED, new CodeExecuted(student,
							UUID.randomUUID(), "python", random.nextInt(5, 900), !failed, failed ? "NameError" : null),
							now);
				}
				else {
					send(producer, failure, json, TopicCatalog.LEARNING_SUBMITTED, new LearningSubmitted(student,
							UUID.randomUUID(), UUID.randomUUID(), now, random.nextDouble(20, 100)), now);
				}
			}
			producer.flush();
		}
		if (failure.get() != null) {
			throw new IllegalStateException("could not write the backlog", failure.get());
		}
	}

	private static <E extends LearnFlowEvent> void send(KafkaProducer<String, String> producer,
			AtomicReference<Exception> failure, JsonMapper json, EventTopic<E> topic, E event, Instant now) {
		ProducerRecord<String, String> record = new ProducerRecord<>(topic.name(), null, now.toEpochMilli(),
				topic.keyOf(event), json.writeValueAsString(event));
		CloudEventHeaders.write(record.headers(), UUID.randomUUID(), topic.eventType(), "/learnflow/bench", now);
		producer.send(record, (metadata, ex) -> {
			if (ex != null) {
				failure.compareAndSet(null, ex);
			}
		});
	}

}
