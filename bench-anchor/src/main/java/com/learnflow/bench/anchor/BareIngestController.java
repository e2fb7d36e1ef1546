package com.learnflow.bench.anchor;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.RecordMetadata;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.learnflow.events.EventTopic;
import com.learnflow.events.TopicCatalog;

/**
 * What any JSON ingest controller does at least, and nothing more: the body is read, sent
 * to the event's catalog topic keyed as the service keys it, acknowledged by the broker
 * (with the services' producer settings), and answered 202; no validation, no
 * authentication, no rate limit, no record headers, no metrics.
 */
@RestController
class BareIngestController {

	private static final Map<String, EventTopic<?>> TOPICS = Map.of("submissions", TopicCatalog.LEARNING_SUBMITTED,
			"code-executions", TopicCatalog.CODE_EXECUTED, "exercise-starts", TopicCatalog.EXERCISE_STARTED);

	private final KafkaTemplate<String, Object> template;

	BareIngestController(KafkaTemplate<String, Object> template) {
		this.template = template;
	}

	@PostMapping(path = "/api/v1/{events}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> forward(@PathVariable String events, @RequestBody JsonNode body)
			throws Exception {
		EventTopic<?> topic = TOPICS.get(events);
		if (topic == null) {
			return ResponseEntity.notFound().build();
		}
		RecordMetadata acknowledged = this.template.send(topic.name(), body.path(topic.keyField()).asString(), body)
			.get(5, TimeUnit.SECONDS)
			.getRecordMetadata();
		return ResponseEntity.accepted()
			.body(Map.of("partition", acknowledged.partition(), "offset", acknowledged.offset()));
	}

}
