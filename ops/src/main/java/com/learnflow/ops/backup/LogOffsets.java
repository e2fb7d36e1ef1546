package com.learnflow.ops.backup;

import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * A partition's offsets as a read-committed consumer sees them, so that an open
 * transaction holds nothing up.
 */
final class LogOffsets {

	private LogOffsets() {
	}

	/** The offset the spec names; -1 when a time finds no record at or after it. */
	static long of(Admin admin, TopicPartition partition, OffsetSpec spec)
			throws InterruptedException, ExecutionException {
		return admin.listOffsets(Map.of(partition, spec), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
			.partitionResult(partition)
			.get()
			.offset();
	}

}
