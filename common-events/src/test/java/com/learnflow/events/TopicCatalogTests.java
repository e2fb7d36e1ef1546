package com.learnflow.events;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The catalog holds the documented settings, and its key field names the JSON field that
 * the key comes from.
 */
class TopicCatalogTests {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	@Test
	void holdsTheDocumentedTopics() {
		// name, partitions, retention, key field, event type
		assertThat(TopicCatalog.all())
			.extracting(EventTopic::name, EventTopic::partitions, EventTopic::retention, EventTopic::keyField,
					EventTopic::eventType)
			.containsExactly(tuple("learning.submitted", 3, Duration.ofDays(7), "user_id", "submission"),
					tuple("code.executed", 3, Duration.ofDays(7), "session_id", "code_execution"),
					tuple("exercise.started", 3, Duration.ofDays(7), "user_id", "exercise_started"),
					tuple("struggle.detected", 3, Duration.ofDays(3), "user_id", "struggle_detected"));
		assertThat(TopicCatalog.byName("struggle.detected").orElseThrow().retentionMs()).isEqualTo("259200000");
		assertThat(TopicCatalog.byName("code.executed").orElseThrow().retentionMs()).isEqualTo("604800000");
		assertThat(TopicCatalog.byName("code-executed")).isEmpty();
	}

	@Test
	void theKeyIsTheValueOfTheKeyFieldInTheJson() {
		UUID user = UUID.randomUUID();
		UUID other = UUID.randomUUID();
		Instant now = Instant.parse("2024-01-15T10:00:00Z");
		assertKeyMatchesJson(TopicCatalog.LEARNING_SUBMITTED, new LearningSubmitted(user, other, other, now, 50));
		assertKeyMatchesJson(TopicCatalog.CODE_EXECUTED, new CodeExecuted(user, other, "java", 3, false, "boom"));
		assertKeyMatchesJson(TopicCatalog.EXERCISE_STARTED, new ExerciseStarted(user, other, now));
		assertKeyMatchesJson(TopicCatalog.STRUGGLE_DETECTED,
				new StruggleDetected(user, "low_scores", 0.7, "suggest_review", now));
	}

	@Test
	void eachTopicShipsASchemaTitledWithItsName() {
		for (EventTopic<?> topic : TopicCatalog.all()) {
			JsonNode schema = MAPPER.readTree(getClass().getClassLoader().getResourceAsStream(topic.schemaResource()));
			assertThat(schema.get("title").asString()).isEqualTo(topic.name());
			assertThat(schema.get("properties").get("event_type").get("const").asString()).isEqualTo(topic.eventType());
			assertThat(schema.get("required").valueStream().map(JsonNode::asString)).contains(topic.keyField());
		}
	}

	@Test
	void deadLetterTopicsFollowTheSourceTopic() {
		assertThat(TopicCatalog.CODE_EXECUTED.deadLetterTopic()).isEqualTo("code.executed.dlt");
	}

	private static <E extends LearnFlowEvent> void assertKeyMatchesJson(EventTopic<E> topic, E event) {
		JsonNode json = MAPPER.readTree(MAPPER.writeValueAsString(event));
		assertThat(topic.keyOf(event)).isEqualTo(json.get(topic.keyField()).asString());
	}

}
