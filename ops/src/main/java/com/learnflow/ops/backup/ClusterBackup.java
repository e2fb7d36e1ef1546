package com.learnflow.ops.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What {@code ./learnflow backup} writes, in one JSON file: the catalog's topics with
 * their settings, every consumer group's committed offsets (each with the time of the
 * last record it had consumed, for translation onto another cluster), and the detector's
 * application id with its internal topics.
 *
 * @param format the file's format version, {@value #FORMAT}
 * @param takenAt when the backup was taken
 * @param clusterId the id of the cluster it was taken from: a restore onto the same
 * cluster keeps the offsets, onto another one it translates them by time
 * @param topics the catalog's topics and their dead-letter topics
 * @param consumerGroups every consumer group with committed offsets
 * @param detector the detector's Kafka Streams application
 */
public record ClusterBackup(@JsonProperty("format") int format, @JsonProperty("taken_at") Instant takenAt,
		@JsonProperty("cluster_id") String clusterId, @JsonProperty("topics") List<TopicSettings> topics,
		@JsonProperty("consumer_groups") List<GroupOffsets> consumerGroups,
		@JsonProperty("detector") Detector detector) {

	public static final int FORMAT = 1;

	public ClusterBackup {
		if (format != FORMAT) {
			throw new IllegalArgumentException("backup format " + format + " is not known; this tool reads " + FORMAT);
		}
		topics = List.copyOf(topics);
		consumerGroups = List.copyOf(consumerGroups);
	}

	/**
	 * One topic as it was.
	 *
	 * @param name the topic
	 * @param partitions its partition count
	 * @param replicationFactor the replicas of its first partition
	 * @param configs the settings that were not the broker's defaults (set on the topic
	 * itself)
	 */
	public record TopicSettings(@JsonProperty("name") String name, @JsonProperty("partitions") int partitions,
			@JsonProperty("replication_factor") short replicationFactor,
			@JsonProperty("configs") Map<String, String> configs) {

		public TopicSettings {
			configs = Map.copyOf(configs);
		}

	}

	/**
	 * One group's committed offsets.
	 *
	 * @param groupId the group
	 * @param offsets one per partition it had committed
	 */
	public record GroupOffsets(@JsonProperty("group_id") String groupId,
			@JsonProperty("offsets") List<PartitionOffset> offsets) {

		public GroupOffsets {
			offsets = List.copyOf(offsets);
		}

	}

	/**
	 * One committed offset.
	 *
	 * @param topic the topic
	 * @param partition the partition
	 * @param offset the offset committed: the next record the group reads
	 * @param lastConsumedTimestamp the timestamp of the last record before it, or
	 * {@code null} when there was none (nothing consumed yet, or deleted by retention)
	 * @param metadata the commit's metadata, or {@code null}
	 */
	public record PartitionOffset(@JsonProperty("topic") String topic, @JsonProperty("partition") int partition,
			@JsonProperty("offset") long offset, @JsonProperty("last_consumed_timestamp") Long lastConsumedTimestamp,
			@JsonProperty("metadata") String metadata) {
	}

	/**
	 * The detector's Kafka Streams application: its offsets mean something only together
	 * with its state, which lives in its internal topics.
	 *
	 * @param applicationId its application id, which is also its consumer group
	 * @param internalTopics its changelog, repartition and dead-letter topics as they
	 * were
	 */
	public record Detector(@JsonProperty("application_id") String applicationId,
			@JsonProperty("internal_topics") List<TopicSettings> internalTopics) {

		public Detector {
			internalTopics = List.copyOf(internalTopics);
		}

	}

}
