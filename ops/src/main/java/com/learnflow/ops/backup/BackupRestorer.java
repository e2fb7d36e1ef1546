package com.learnflow.ops.backup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import com.learnflow.ops.backup.ClusterBackup.GroupOffsets;
import com.learnflow.ops.backup.ClusterBackup.PartitionOffset;
import com.learnflow.ops.backup.ClusterBackup.TopicSettings;

/**
 * Applies a {@link ClusterBackup} to a cluster, the same one or an empty one, and reports
 * each step:
 * <ul>
 * <li>a missing topic is created with the backup's partitions, replication factor and
 * configs; an existing one is left as it is, and any difference from the backup is
 * reported;</li>
 * <li>a group's offsets are restored as they were on the same cluster (within the log's
 * current bounds), and on another cluster translated by time: each partition goes to the
 * first record at or after the last one consumed, so that at worst a few records are read
 * twice and none is skipped;</li>
 * <li>a group that has members is refused, its offsets left alone;</li>
 * <li>the detector's offsets are restored only where its state (its changelog topics)
 * exists: without them the detector, finding no offsets, rebuilds its state from the
 * earliest retained input instead of losing it.</li>
 * </ul>
 */
public final class BackupRestorer {

	private static final String CHANGELOG_SUFFIX = "-changelog";

	private final Admin admin;

	/**
	 * @param admin the target cluster's admin client
	 */
	public BackupRestorer(Admin admin) {
		this.admin = admin;
	}

	/** What a restore did, and what it refused or could not do (each a sentence). */
	public record Report(List<String> done, List<String> refused) {

		public boolean complete() {
			return this.refused.isEmpty();
		}

	}

	public Report restore(ClusterBackup backup) throws InterruptedException, ExecutionException {
		List<String> done = new ArrayList<>();
		List<String> refused = new ArrayList<>();
		String clusterId = this.admin.describeCluster().clusterId().get();
		boolean sameCluster = Objects.equals(clusterId, backup.clusterId());
		done.add(sameCluster ? "cluster " + clusterId + ": the one backed up; offsets are restored as they were"
				: "cluster " + clusterId + ": not the one backed up (" + backup.clusterId()
						+ "); offsets are translated by time");
		restoreTopics(backup.topics(), done, refused);
		Set<String> existing = this.admin.listTopics().names().get();
		Map<String, ConsumerGroupDescription> groups = describe(backup.consumerGroups());
		for (GroupOffsets group : backup.consumerGroups()) {
			ConsumerGroupDescription description = groups.get(group.groupId());
			if (description != null && !description.members().isEmpty()) {
				refused.add("group " + group.groupId() + " has " + description.members().size()
						+ " members: stop them first; its offsets were not changed");
				continue;
			}
			if (group.groupId().equals(backup.detector().applicationId())) {
				List<String> missingState = backup.detector()
					.internalTopics()
					.stream()
					.map(TopicSettings::name)
					.filter((name) -> name.endsWith(CHANGELOG_SUFFIX) && !existing.contains(name))
					.toList();
				if (!missingState.isEmpty()) {
					done.add("group " + group.groupId() + ": not restored, its state is not on this cluster "
							+ missingState + "; without offsets the detector rebuilds it from the earliest retained "
							+ "input and emits its alerts again, with the same ids");
					continue;
				}
			}
			restoreOffsets(group, existing, sameCluster, done, refused);
		}
		return new Report(done, refused);
	}

	private void restoreTopics(List<TopicSettings> topics, List<String> done, List<String> refused)
			throws InterruptedException, ExecutionException {
		Set<String> existing = this.admin.listTopics().names().get();
		List<TopicSettings> present = topics.stream().filter((topic) -> existing.contains(topic.name())).toList();
		for (TopicSettings topic : topics) {
			if (existing.contains(topic.name())) {
				continue;
			}
			NewTopic request = new NewTopic(topic.name(), topic.partitions(), topic.replicationFactor())
				.configs(topic.configs());
			try {
				this.admin.createTopics(List.of(request)).all().get();
				done.add("topic " + topic.name() + ": created with " + topic.partitions() + " partitions, replication "
						+ topic.replicationFactor() + ", " + topic.configs());
			}
			catch (ExecutionException ex) {
				refused.add("topic " + topic.name() + ": could not be created: " + ex.getCause().getMessage());
			}
		}
		compare(present, done);
	}

	/** Reports how existing topics differ from the backup; they are left as they are. */
	private void compare(List<TopicSettings> topics, List<String> done)
			throws InterruptedException, ExecutionException {
		if (topics.isEmpty()) {
			return;
		}
		List<String> names = topics.stream().map(TopicSettings::name).toList();
		Map<String, TopicDescription> descriptions = this.admin.describeTopics(names).allTopicNames().get();
		Map<ConfigResource, Config> configs = this.admin
			.describeConfigs(names.stream().map((name) -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList())
			.all()
			.get();
		for (TopicSettings topic : topics) {
			int partitions = descriptions.get(topic.name()).partitions().size();
			Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
			Map<String, String> different = new TreeMap<>();
			topic.configs().forEach((name, value) -> {
				String here = (config.get(name) != null) ? config.get(name).value() : null;
				if (!value.equals(here)) {
					different.put(name, here + " here, " + value + " in the backup");
				}
			});
			if (partitions != topic.partitions() || !different.isEmpty()) {
				done.add("topic " + topic.name() + ": exists, left as it is; " + partitions + " partitions here, "
						+ topic.partitions() + " in the backup" + (different.isEmpty() ? "" : "; " + different));
			}
			else {
				done.add("topic " + topic.name() + ": exists as backed up");
			}
		}
	}

	private Map<String, ConsumerGroupDescription> describe(List<GroupOffsets> groups)
			throws InterruptedException, ExecutionException {
		Map<String, ConsumerGroupDescription> descriptions = new HashMap<>();
		var results = this.admin.describeConsumerGroups(groups.stream().map(GroupOffsets::groupId).toList())
			.describedGroups();
		for (var result : results.entrySet()) {
			try {
				descriptions.put(result.getKey(), result.getValue().get());
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof GroupIdNotFoundException)) {
					throw ex;
				}
			}
		}
		return descriptions;
	}

	private void restoreOffsets(GroupOffsets group, Set<String> existing, boolean sameCluster, List<String> done,
			List<String> refused) throws InterruptedException, ExecutionException {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		List<String> notes = new ArrayList<>();
		for (PartitionOffset offset : group.offsets()) {
			TopicPartition partition = new TopicPartition(offset.topic(), offset.partition());
			if (!existing.contains(offset.topic())) {
				notes.add(partition + " skipped (no such topic here)");
				continue;
			}
			long target = sameCluster ? clamp(partition, offset.offset()) : translate(partition, offset);
			if (target != offset.offset()) {
				notes.add(partition + " " + offset.offset() + " -> " + target);
			}
			offsets.put(partition, new OffsetAndMetadata(target, offset.metadata()));
		}
		try {
			this.admin.alterConsumerGroupOffsets(group.groupId(), offsets).all().get();
			done.add("group " + group.groupId() + ": " + offsets.size() + " offsets restored"
					+ (notes.isEmpty() ? "" : " " + notes));
		}
		catch (ExecutionException ex) {
			refused.add("group " + group.groupId() + ": offsets not restored: " + ex.getCause().getMessage());
		}
	}

	/**
	 * The backed-up offset within the log's current bounds (a topic deleted and created
	 * again starts at 0).
	 */
	private long clamp(TopicPartition partition, long offset) throws InterruptedException, ExecutionException {
		return Math.max(offset(partition, OffsetSpec.earliest()),
				Math.min(offset(partition, OffsetSpec.latest()), offset));
	}

	/**
	 * The offset of the first record at or after the last one consumed; the log's end
	 * when there is none; its start when the backup knows no time (nothing consumed, or
	 * that record was gone): read again rather than skipped.
	 */
	private long translate(TopicPartition partition, PartitionOffset offset)
			throws InterruptedException, ExecutionException {
		if (offset.lastConsumedTimestamp() == null) {
			return offset(partition, OffsetSpec.earliest());
		}
		long found = offset(partition, OffsetSpec.forTimestamp(offset.lastConsumedTimestamp()));
		return (found >= 0) ? found : offset(partition, OffsetSpec.latest());
	}

	private long offset(TopicPartition partition, OffsetSpec spec) throws InterruptedException, ExecutionException {
		return LogOffsets.of(this.admin, partition, spec);
	}

}
