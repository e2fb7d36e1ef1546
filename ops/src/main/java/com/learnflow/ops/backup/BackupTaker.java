package com.learnflow.ops.backup;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

import com.learnflow.kafka.CatalogTopics;
import com.learnflow.kafka.ConsumerGroupId;
import com.learnflow.ops.backup.ClusterBackup.Detector;
import com.learnflow.ops.backup.ClusterBackup.GroupOffsets;
import com.learnflow.ops.backup.ClusterBackup.PartitionOffset;
import com.learnflow.ops.backup.ClusterBackup.TopicSettings;

/**
 * Reads a cluster into a {@link ClusterBackup}: the catalog's topics that exist, every
 * consumer group's committed offsets with the timestamp of the last record consumed
 * before each, and the detector's internal topics.
 */
public final class BackupTaker {

	/**
	 * How far back from a committed offset the last consumed record is looked for (past
	 * transaction markers).
	 */
	static final int LOOK_BACK = 64;

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	private final Admin admin;

	private final Consumer<byte[], byte[]> reader;

	private final Clock clock;

	/**
	 * @param admin the cluster's admin client
	 * @param reader a consumer without a group (read_committed), used only to read the
	 * timestamps of records
	 * @param clock the time the backup is taken at
	 */
	public BackupTaker(Admin admin, Consumer<byte[], byte[]> reader, Clock clock) {
		this.admin = admin;
		this.reader = reader;
		this.clock = clock;
	}

	/**
	 * Takes the backup; the detector's application id is given, its internal topics are
	 * those it prefixes (Kafka Streams' changelog and repartition topics) and its own
	 * dead-letter topic.
	 */
	public ClusterBackup take(ConsumerGroupId detector) throws InterruptedException, ExecutionException {
		String clusterId = this.admin.describeCluster().clusterId().get();
		Set<String> existing = this.admin.listTopics().names().get();
		List<String> catalog = CatalogTopics.newTopics()
			.stream()
			.map((topic) -> topic.name())
			.filter(existing::contains)
			.toList();
		List<String> internal = existing.stream().filter(detector::ownsTopic).sorted().toList();
		return new ClusterBackup(ClusterBackup.FORMAT, this.clock.instant(), clusterId, settings(catalog), groups(),
				new Detector(detector.value(), settings(internal)));
	}

	/**
	 * Each topic's partitions, replication factor and the configs set on the topic
	 * itself.
	 */
	private List<TopicSettings> settings(List<String> names) throws InterruptedException, ExecutionException {
		if (names.isEmpty()) {
			return List.of();
		}
		Map<String, TopicDescription> descriptions = this.admin.describeTopics(names).allTopicNames().get();
		List<ConfigResource> resources = names.stream()
			.map((name) -> new ConfigResource(ConfigResource.Type.TOPIC, name))
			.toList();
		Map<ConfigResource, Config> configs = this.admin.describeConfigs(resources).all().get();
		List<TopicSettings> settings = new ArrayList<>();
		for (String name : names) {
			TopicDescription description = descriptions.get(name);
			Map<String, String> own = new TreeMap<>();
			for (ConfigEntry entry : configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).entries()) {
				if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && entry.value() != null) {
					own.put(entry.name(), entry.value());
				}
			}
			settings.add(new TopicSettings(name, description.partitions().size(),
					(short) description.partitions().get(0).replicas().size(), own));
		}
		return settings;
	}

	private List<GroupOffsets> groups() throws InterruptedException, ExecutionException {
		List<String> ids = this.admin.listGroups(ListGroupsOptions.forConsumerGroups())
			.all()
			.get()
			.stream()
			.map(GroupListing::groupId)
			.sorted()
			.toList();
		List<GroupOffsets> groups = new ArrayList<>();
		Map<TopicPartition, Map<Long, Long>> timestamps = new HashMap<>();
		for (String id : ids) {
			Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(id)
				.partitionsToOffsetAndMetadata()
				.get();
			List<PartitionOffset> offsets = new ArrayList<>();
			committed.entrySet()
				.stream()
				.filter((entry) -> entry.getValue() != null)
				.sorted(Comparator
					.comparing((Map.Entry<TopicPartition, OffsetAndMetadata> entry) -> entry.getKey().topic())
					.thenComparingInt((entry) -> entry.getKey().partition()))
				.forEach((entry) -> {
					TopicPartition partition = entry.getKey();
					long offset = entry.getValue().offset();
					Long timestamp = timestamps.computeIfAbsent(partition, (key) -> new HashMap<>())
						.computeIfAbsent(offset, (key) -> lastConsumedTimestamp(partition, offset));
					String metadata = entry.getValue().metadata();
					offsets.add(new PartitionOffset(partition.topic(), partition.partition(), offset, timestamp,
							(metadata == null || metadata.isEmpty()) ? null : metadata));
				});
			if (!offsets.isEmpty()) {
				groups.add(new GroupOffsets(id, offsets));
			}
		}
		return groups;
	}

	/**
	 * The timestamp of the last data record before {@code offset}, looked for within
	 * {@value #LOOK_BACK} offsets, or {@code null} when there is none (nothing consumed,
	 * deleted by retention, or only transaction markers). A -1 timestamp is mapped to
	 * {@code null}.
	 */
	Long lastConsumedTimestamp(TopicPartition partition, long offset) {
		if (offset <= 0) {
			return null;
		}
		long start = Math.max(offset - LOOK_BACK, logOffset(partition, OffsetSpec.earliest()));
		if (start >= offset) {
			return null;
		}
		// Read committed: the end is the last stable offset, so an open transaction does
		// not hold the read up.
		long end = Math.min(offset, logOffset(partition, OffsetSpec.latest()));
		this.reader.assign(List.of(partition));
		this.reader.seek(partition, start);
		Long last = null;
		long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
		while (this.reader.position(partition) < end && System.nanoTime() < deadline) {
			for (ConsumerRecord<byte[], byte[]> record : this.reader.poll(Duration.ofMillis(200))) {
				if (record.offset() < offset && record.timestamp() >= 0) {
					last = record.timestamp();
				}
			}
		}
		return last;
	}

	private long logOffset(TopicPartition partition, OffsetSpec spec) {
		try {
			return LogOffsets.of(this.admin, partition, spec);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("cannot read the offsets of " + partition + ": " + ex.getCause(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
