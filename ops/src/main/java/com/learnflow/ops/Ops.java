package com.learnflow.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import com.learnflow.kafka.ConsumerGroupId;
import com.learnflow.kafka.KafkaSecurity;
import com.learnflow.ops.backup.BackupRestorer;
import com.learnflow.ops.backup.BackupTaker;
import com.learnflow.ops.backup.ClusterBackup;
import com.learnflow.ops.partitions.PartitionIncrease;
import com.learnflow.ops.replay.DetectorReplay;

/**
 * LearnFlow's operations tool, on Kafka's Admin client; {@code ./learnflow} runs it
 * locally, a Job on Kubernetes.
 *
 * <p>
 * Usage:
 * {@code Ops [--bootstrap-server HOST:PORT] backup FILE|DIRECTORY | restore FILE | replay --to-earliest |
 * replay --to-datetime T | partitions TOPIC COUNT}. The cluster comes from
 * {@code --bootstrap-server} or {@code KAFKA_BOOTSTRAP_SERVERS}, its credentials from the
 * services' variables ({@link KafkaSecurity}), the environment (which names the
 * detector's application id) from {@code LEARNFLOW_ENV}. Exit status: 0 done, 1 something
 * was refused or failed (the report says what), 2 a usage or file error.
 */
public final class Ops {

	static final String USAGE = "usage: ops [--bootstrap-server HOST:PORT] backup FILE|DIRECTORY | restore FILE"
			+ " | replay --to-earliest | replay --to-datetime yyyy-MM-ddTHH:mm:ss.SSS | partitions TOPIC COUNT";

	/** Backups kept in a backup directory. */
	static final int BACKUPS_KEPT = 14;

	private static final String BACKUP_PREFIX = "learnflow-backup-";

	private static final DateTimeFormatter BACKUP_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final Pattern BACKUP_NAME = Pattern.compile(BACKUP_PREFIX + "[0-9]{8}T[0-9]{6}Z\\.json");

	static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private Ops() {
	}

	public static void main(String[] args) throws Exception {
		System.exit(run(List.of(args), System::getenv));
	}

	static int run(List<String> args, Function<String, String> environment) throws Exception {
		String bootstrap = Optional.ofNullable(environment.apply("KAFKA_BOOTSTRAP_SERVERS")).orElse("127.0.0.1:9092");
		int at = 0;
		if (args.size() >= 2 && args.get(0).equals("--bootstrap-server")) {
			bootstrap = args.get(1);
			at = 2;
		}
		if (args.size() < at + 2) {
			return usage();
		}
		List<String> operands = args.subList(at + 1, args.size());
		String command = args.get(at);
		ConsumerGroupId detector = ConsumerGroupId
			.detection(Optional.ofNullable(environment.apply("LEARNFLOW_ENV")).orElse("local"));
		Map<String, Object> client = clientConfig(bootstrap, environment);
		return switch (command) {
			case "backup" -> (operands.size() == 1) ? backup(client, detector, Path.of(operands.get(0))) : usage();
			case "restore" -> (operands.size() == 1) ? restore(client, Path.of(operands.get(0))) : usage();
			case "replay" -> replay(client, detector.value(), operands);
			case "partitions" ->
				(operands.size() == 2) ? partitions(client, operands.get(0), operands.get(1)) : usage();
			default -> {
				System.err.println("unknown command '" + command + "'");
				yield usage();
			}
		};
	}

	private static int usage() {
		System.err.println(USAGE);
		return 2;
	}

	/**
	 * Backs up to the file, or into the directory as
	 * {@code learnflow-backup-<UTC time>.json}, keeping the {@value #BACKUPS_KEPT} newest
	 * such files there (the operations CronJob's volume).
	 */
	static int backup(Map<String, Object> client, ConsumerGroupId detector, Path fileOrDirectory) throws Exception {
		Clock clock = Clock.systemUTC();
		boolean intoDirectory = Files.isDirectory(fileOrDirectory);
		Path file = intoDirectory
				? fileOrDirectory.resolve(BACKUP_PREFIX + BACKUP_TIME.format(clock.instant()) + ".json")
				: fileOrDirectory;
		if (intoDirectory && Files.exists(file)) {
			System.err.println(file + " exists: a backup went into this directory in this second; nothing written");
			return 2;
		}
		ClusterBackup backup;
		try (Admin admin = Admin.create(client); KafkaConsumer<byte[], byte[]> reader = reader(client)) {
			backup = new BackupTaker(admin, reader, clock).take(detector);
		}
		// Written beside the file and moved into place: a failed backup never leaves half
		// a file, nor its partial.
		Path partial = file.resolveSibling(file.getFileName() + ".partial");
		try {
			JSON.writeValue(partial.toFile(), backup);
			Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(partial);
		}
		int offsets = backup.consumerGroups().stream().mapToInt((group) -> group.offsets().size()).sum();
		System.out.println("Backed up " + backup.topics().size() + " topics, " + backup.consumerGroups().size()
				+ " consumer groups (" + offsets + " offsets) and the detector's "
				+ backup.detector().internalTopics().size() + " internal topics of cluster " + backup.clusterId()
				+ " to " + file);
		if (intoDirectory) {
			for (Path old : olderBackups(fileOrDirectory)) {
				Files.delete(old);
				System.out.println("Removed the older backup " + old + " (the " + BACKUPS_KEPT + " newest are kept)");
			}
		}
		return 0;
	}

	/**
	 * The directory's backups but the {@value #BACKUPS_KEPT} newest; their names sort by
	 * time.
	 */
	static List<Path> olderBackups(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			List<Path> backups = files.filter((path) -> BACKUP_NAME.matcher(path.getFileName().toString()).matches())
				.sorted(Comparator.reverseOrder())
				.toList();
			return backups.subList(Math.min(BACKUPS_KEPT, backups.size()), backups.size());
		}
	}

	static int restore(Map<String, Object> client, Path file) throws Exception {
		ClusterBackup backup;
		try {
			backup = JSON.readValue(Files.readAllBytes(file), ClusterBackup.class);
		}
		catch (IOException | JacksonException ex) {
			System.err.println("cannot read the backup " + file + ": " + ex.getMessage());
			return 2;
		}
		try (Admin admin = Admin.create(client)) {
			BackupRestorer.Report report = new BackupRestorer(admin).restore(backup);
			report.done().forEach((line) -> System.out.println("done: " + line));
			report.refused().forEach((line) -> System.out.println("REFUSED: " + line));
			System.out.println(report.complete() ? "Restored " + file + "."
					: "Restore of " + file + " incomplete: " + report.refused().size() + " refused (see above).");
			return report.complete() ? 0 : 1;
		}
	}

	static int replay(Map<String, Object> client, String detector, List<String> operands) throws Exception {
		DetectorReplay.From from;
		if (operands.equals(List.of("--to-earliest"))) {
			from = DetectorReplay.From.earliest();
		}
		else if (operands.size() == 2 && operands.get(0).equals("--to-datetime")) {
			try {
				from = DetectorReplay.From.datetime(operands.get(1));
			}
			catch (IllegalArgumentException ex) {
				System.err.println(ex.getMessage());
				return 2;
			}
		}
		else {
			return usage();
		}
		List<String> members = new DetectorReplay(client).reset(detector, from);
		if (!members.isEmpty()) {
			System.out.println("REFUSED: " + detector + " still has " + members.size() + " members " + members
					+ ": stop every detector replica first; nothing was changed");
			return 1;
		}
		System.out.println("Reset " + detector + " " + String.join(" ", from.resetOption())
				+ ": its input offsets moved and its internal topics deleted. Delete its local state, then start it.");
		return 0;
	}

	static int partitions(Map<String, Object> client, String topic, String count) throws Exception {
		if (!count.matches("[0-9]{1,4}")) {
			System.err.println("COUNT must be a whole number of partitions, not '" + count + "'");
			return 2;
		}
		try (Admin admin = Admin.create(client)) {
			System.out.println(new PartitionIncrease(admin).increase(topic, Integer.parseInt(count)));
			return 0;
		}
		catch (IllegalArgumentException ex) {
			System.out.println("REFUSED: " + ex.getMessage());
			return 1;
		}
		catch (PartitionIncrease.NotConfirmedException ex) {
			System.out.println("NOT CONFIRMED: " + ex.getMessage());
			return 1;
		}
	}

	/**
	 * The admin and consumer settings: the cluster, its credentials, and bounded
	 * timeouts.
	 */
	static Map<String, Object> clientConfig(String bootstrap, Function<String, String> environment) {
		Map<String, Object> config = new HashMap<>();
		KafkaSecurity.from(environment)
			.clientProperties()
			.forEach((key, value) -> config.put(key.substring("spring.kafka.properties.".length()), value));
		config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
		return config;
	}

	/**
	 * A consumer without a group, reading only committed records, for timestamps and log
	 * bounds.
	 */
	private static KafkaConsumer<byte[], byte[]> reader(Map<String, Object> client) {
		Map<String, Object> config = new HashMap<>(client);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return new KafkaConsumer<>(config);
	}

}
