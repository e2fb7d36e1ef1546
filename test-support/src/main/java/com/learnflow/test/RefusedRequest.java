package com.learnflow.test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One row of a table of bad requests: what is sent, and the refusal it must get. A
 * refusal is the expected 4xx as {@code application/problem+json} that names the
 * offending field and carries no stack trace, and nothing reaches the topic.
 *
 * @param name what is wrong with the request, as the test's display name
 * @param method the HTTP method
 * @param contentType the request's content type
 * @param body the request body
 * @param headers further request headers
 * @param status the expected status
 * @param field the field the answer must name in its {@code errors}, or {@code null}
 */
public record RefusedRequest(String name, String method, String contentType, String body, Map<String, String> headers,
		int status, String field) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A JSON POST that must be refused with this status, naming this field. */
	public static RefusedRequest json(String name, String body, int status, String field) {
		return new RefusedRequest(name, "POST", "application/json", body, Map.of(), status, field);
	}

	public RefusedRequest withContentType(String type) {
		return new RefusedRequest(this.name, this.method, type, this.body, this.headers, this.status, this.field);
	}

	public RefusedRequest withMethod(String verb) {
		return new RefusedRequest(this.name, verb, this.contentType, this.body, this.headers, this.status, this.field);
	}

	public RefusedRequest withHeader(String header, String value) {
		Map<String, String> more = new LinkedHashMap<>(this.headers);
		more.put(header, value);
		return new RefusedRequest(this.name, this.method, this.contentType, this.body, more, this.status, this.field);
	}

	/** Sends the request to a running service and checks its refusal. */
	public JsonNode assertRefused(int port, String path, String bootstrapServers, String topic) {
		Map<TopicPartition, Long> before = endOffsets(bootstrapServers, topic);
		HttpResponse<String> response = HttpJson.send(port, this.method, path, this.contentType, this.body,
				this.headers);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(this.status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(this.status);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("detail").asString()).isNotBlank();
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("trace");
		if (this.field != null) {
			assertThat(problem.get("errors").valueStream().map((error) -> error.get("field").asString()))
				.contains(this.field);
			problem.get("errors").forEach((error) -> assertThat(error.get("message").asString()).isNotBlank());
		}
		assertThat(endOffsets(bootstrapServers, topic)).as("nothing published to " + topic).isEqualTo(before);
		return problem;
	}

	/** The end offset of each partition of the topic. */
	public static Map<TopicPartition, Long> endOffsets(String bootstrapServers, String topic) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-offsets-" + UUID.randomUUID());
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			return consumer.endOffsets(partitions, Duration.ofSeconds(10));
		}
	}

	@Override
	public String toString() {
		return this.name;
	}

}
