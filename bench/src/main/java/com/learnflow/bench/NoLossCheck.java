package com.learnflow.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;


/**
 * Every event answered with 202 is on its topic exactly once: the topic is read to its end, and each answered
 * {@code event_id} must appear as one record's {@code ce_id}.
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

	static Outcome check(String bootstrap, String topic, Set<String> answered) {
		Map<String, Integer> seen = new HashMap<>();
		TopicReader.readToEnd(bootstrap, topic, Duration.ofMinutes(5), (record) -> {
			var id = record.headers().lastHeader("ce_id");
			if (id != null) {
				seen.merge(new String(id.value(), StandardCharsets.UTF_8), 1, Integer::sum);
			}
		});
		long missing = answered.stream().filter((id) -> !seen.containsKey(id)).count();
		long duplicated = answered.stream().filter((id) -> seen.getOrDefault(id, 0) > 1).count();
		return new Outcome(topic, answered.size(), missing, duplicated);
	}

}
