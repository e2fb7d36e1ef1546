package com.learnflow.ops.replay;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.tools.StreamsResetter;

import com.learnflow.events.EventTopic;
import com.learnflow.events.TopicCatalog;

/**
 * Replays the detector from its input: with every replica stopped, Kafka Streams' own
 * application reset tool moves its input offsets (to the earliest or to a time) and
 * deletes its internal topics (changelogs and the repartition topic), which the detector
 * creates again empty; its local state must go too, which is the caller's part (the state
 * directory locally, an {@code emptyDir} on Kubernetes goes with the pod).
 */
public final class DetectorReplay {

	/** The detector's input topics, in the catalog's order. */
	static final List<String> INPUTS = TopicCatalog.activity().stream().map(EventTopic::name).toList();

	private final Map<String, Object> client;

	/**
	 * @param client the cluster's admin settings: bootstrap servers and credentials
	 */
	public DetectorReplay(Map<String, Object> client) {
		this.client = client;
	}

	/**
	 * Where the replay starts.
	 *
	 * @param resetOption the reset tool's option: {@code --to-earliest}, or
	 * {@code --to-datetime} with its time
	 */
	public record From(List<String> resetOption) {

		public static From earliest() {
			return new From(List.of("--to-earliest"));
		}

		/**
		 * @param datetime as the reset tool reads it, such as
		 * {@code 2026-12-01T10:00:00.000} (UTC unless it ends with an offset)
		 * @throws IllegalArgumentException when the reset tool could not read it, before
		 * anything is changed
		 */
		public static From datetime(String datetime) {
			try {
				Utils.getDateTime(datetime);
			}
			catch (ParseException | RuntimeException ex) {
				throw new IllegalArgumentException("--to-datetime must be a time such as 2026-12-01T10:00:00.000 (UTC)"
						+ " or 2026-12-01T10:00:00.000+01:00, not '" + datetime + "'");
			}
			return new From(List.of("--to-datetime", datetime));
		}

	}

	/**
	 * Resets the detector's application for a replay.
	 * @return the members still in its group (nothing was changed then), or an empty list
	 * once it is reset
	 * @throws IllegalStateException when the reset tool fails
	 */
	public List<String> reset(String applicationId, From from)
			throws InterruptedException, ExecutionException, IOException {
		try (Admin admin = Admin.create(this.client)) {
			List<String> members = members(admin, applicationId);
			if (!members.isEmpty()) {
				return members;
			}
		}
		List<String> arguments = new ArrayList<>(
				List.of("--bootstrap-server", (String) this.client.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG),
						"--application-id", applicationId, "--input-topics", String.join(",", INPUTS)));
		arguments.addAll(from.resetOption());
		Path config = clientConfigFile();
		try {
			arguments.addAll(List.of("--config-file", config.toString()));
			int status = new StreamsResetter().execute(arguments.toArray(String[]::new));
			if (status != 0) {
				throw new IllegalStateException("the application reset tool failed (status " + status + ")");
			}
		}
		finally {
			Files.deleteIfExists(config);
		}
		return List.of();
	}

	private static List<String> members(Admin admin, String group) throws InterruptedException, ExecutionException {
		try {
			ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
			return description.members().stream().map((member) -> member.clientId() + " on " + member.host()).toList();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return List.of();
			}
			throw ex;
		}
	}

	/**
	 * The client settings but the bootstrap servers, for the reset tool's
	 * {@code --config-file}; owner-only.
	 */
	private Path clientConfigFile() throws IOException {
		Properties properties = new Properties();
		properties.putAll(this.client.entrySet()
			.stream()
			.filter((entry) -> !entry.getKey().equals(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG))
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> String.valueOf(entry.getValue()))));
		Path file = Files.createTempFile("learnflow-replay", ".properties",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		try (OutputStream out = Files.newOutputStream(file)) {
			properties.store(out, "client settings for the application reset tool");
		}
		return file;
	}

}
