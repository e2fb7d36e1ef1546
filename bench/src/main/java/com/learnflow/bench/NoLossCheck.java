package com.learnflow.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;

import com.learnflow.kafka.CloudEventHeaders;

/**
 * Every event answered with 202 is on its topic exactly once: the topic is read to its
 * end, and each answered {@code event_id} must appear as one record's {@code ce_id}.
 */
final class NoLossCheck {

	/**
	 * @param topic the topic checked
	 * @param answered event ids answered with 202
	 * @param missing answered but not on the topic
	 * @param duplicated on the topic more than once
	 */
	record Outcome(String topic, int answered, long missing, long duplicated) {

		boolean passed() {
			return this.missing == 0 && this.duplicated == 0;
		}

	}

	/** Reads the whole topic, and counts each answered id found there. */
	static Outcome check(String bootstrap, String topic, Set<String> answered) {
		return check(bootstrap, topic, answered, Map.of());
	}

	/**
	 * Reads the topic from where it ended when the run began ({@code from}), and counts
	 * each answered id found there.
	 */
	static Outcome check(String bootstrap, String topic, Set<String> answered, Map<TopicPartition, Long> from) {
		Map<String, Integer> seen = new HashMap<>();
		TopicReader.readToEnd(bootstrap, topic, from, Duration.ofMinutes(5), (record) -> {
			var header = record.headers().lastHeader(CloudEventHeaders.ID);
			if (header != null) {
				String id = new String(header.value(), StandardCharsets.UTF_8);
				if (answered.contains(id)) {
					seen.merge(id, 1, Integer::sum);
				}
			}
		});
		long missing = answered.stream().filter((id) -> !seen.containsKey(id)).count();
		long duplicated = answered.stream().filter((id) -> seen.getOrDefault(id, 0) > 1).count();
		return new Outcome(topic, answered.size(), missing, duplicated);
	}

}
