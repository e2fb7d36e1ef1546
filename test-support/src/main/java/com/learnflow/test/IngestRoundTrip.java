package com.learnflow.test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One request through an ingest service to its topic and back: the request is answered
 * 202, and the record at the answered partition and offset has the expected key and the
 * CloudEvents headers of the answered event id.
 *
 * @param accepted the 202 answer
 * @param record the record read back from the topic
 */
public record IngestRoundTrip(JsonNode accepted, ConsumerRecord<String, String> record) {

	static final JsonMapper JSON = JsonMapper.builder().build();

	public static IngestRoundTrip post(int port, String path, String json, String bootstrapServers, String topic,
			String expectedKey) {
		HttpResponse<String> response = HttpJson.post(port, path, json);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		JsonNode accepted = JSON.readTree(response.body());
		assertThat(accepted.propertyNames()).containsExactlyInAnyOrder("event_id", "topic", "partition", "offset");
		assertThat(accepted.get("topic").asString()).isEqualTo(topic);

		try (TopicRecords records = TopicRecords.of(bootstrapServers, topic)) {
			ConsumerRecord<String, String> record = records.awaitKey(expectedKey);
			assertThat(record.partition()).isEqualTo(accepted.get("partition").asInt());
			assertThat(record.offset()).isEqualTo(accepted.get("offset").asLong());
			assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
			assertThat(header(record, "ce_id")).isEqualTo(accepted.get("event_id").asString());
			assertThat(header(record, "ce_time")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z");
			assertThat(header(record, "content-type")).isEqualTo("application/json");
			assertThat(record.headers().lastHeader("__TypeId__")).as("no Java type header").isNull();
			return new IngestRoundTrip(accepted, record);
		}
	}

	/** The record's value as JSON. */
	public JsonNode value() {
		return JSON.readTree(this.record.value());
	}

	public String header(String name) {
		return header(this.record, name);
	}

	static String header(ConsumerRecord<String, String> record, String name) {
		var header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
