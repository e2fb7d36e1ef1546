package com.learnflow.ingest.example;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.learnflow.test.EmbeddedKafkaIntegrationTest;
import com.learnflow.test.HttpJson;
import com.learnflow.test.RefusedRequest;
import com.learnflow.test.TestTokens;
import com.learnflow.test.TopicRecords;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ingest service's batch endpoint, proven once on the example service's and a real
 * broker: each item is checked as a single request would be, the answer gives each item's
 * status in order (202 when all were accepted, 207 when some, the items' common status or
 * 400 when none), and exactly the accepted items are on {@code code.executed}, with the
 * event ids of the answer.
 */
@EmbeddedKafkaIntegrationTest
class BatchIngestionTests {

	private static final String PATH = ExampleIngestApplication.PATH + "/batch";

	private static final String TOPIC = ExampleIngestApplication.TOPIC;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final UUID STUDENT = UUID.randomUUID();

	@LocalServerPort
	int port;

	@Autowired
	KafkaConnectionDetails kafka;

	static String execution(UUID user) {
		return """
				{"user_id": "%s", "session_id": "%s", "success": false}""".formatted(user, UUID.randomUUID());
	}

	static String valid() {
		return execution(UUID.randomUUID());
	}

	static String array(String... items) {
		return "[" + String.join(",", items) + "]";
	}

	static String manyValid(int count) {
		return array(IntStream.range(0, count).mapToObj((i) -> valid()).toArray(String[]::new));
	}

	/**
	 * One batch: who sends it, the answer's status, and each item's status in order
	 * (empty when the batch is refused as a whole).
	 */
	record Batch(String name, String token, String body, int status, List<Integer> items, String field) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	static Stream<Batch> batches() {
		String service = TestTokens.service("events:write");
		String student = TestTokens.student(STUDENT);
		return Stream.of(new Batch("three valid events", service, array(valid(), valid(), valid()), 202,
				List.of(202, 202, 202), null),
				new Batch("one valid event", service, array(valid()), 202, List.of(202), null),
				new Batch("the most events a batch may hold (500)", service, manyValid(500), 202,
						IntStream.range(0, 500).mapToObj((i) -> 202).toList(), null),
				new Batch("an invalid event among valid ones", service,
						array(valid(), valid().replace("\"success\": false", "\"success\": \"no\""), valid()), 207,
						List.of(202, 400, 202), "success"),
				new Batch("an unknown field in one event", service,
						array(valid().replace("}", ", \"grade\": 5}"), valid()), 207, List.of(400, 202), "grade"),
				new Batch("an item that is not an object", service, array(valid(), "42"), 207, List.of(202, 400), null),
				new Batch("every event invalid", service,
						array(valid().replace("\"success\": false", "\"success\": null"),
								valid().replace("\"success\": false", "\"success\": \"no\"")),
						400, List.of(400, 400), "success"),
				new Batch("a student's batch with another student's event", student,
						array(execution(STUDENT), execution(UUID.randomUUID())), 207, List.of(202, 403), null),
				new Batch("a student's batch of other students' events only", student,
						array(execution(UUID.randomUUID())), 403, List.of(403), null),
				new Batch("an object instead of an array", service, valid(), 400, List.of(), null),
				new Batch("an empty array", service, "[]", 400, List.of(), null),
				new Batch("501 events, one more than a batch may hold", service, manyValid(501), 400, List.of(), null),
				new Batch("a student's batch larger than her burst of 100", student,
						array(IntStream.range(0, 101).mapToObj((i) -> execution(STUDENT)).toArray(String[]::new)), 400,
						List.of(), null),
				new Batch("malformed JSON", service, "[" + valid(), 400, List.of(), null),
				new Batch("a field given twice in an item", service,
						array(valid().replace("}", ", \"success\": true}")), 400, List.of(), "success"),
				new Batch("a body over the batch limit of 2 MB", service,
						array(IntStream.range(0, 300)
							.mapToObj((i) -> valid().replace("}", ", \"x\": \"" + "x".repeat(8_000) + "\"}"))
							.toArray(String[]::new)),
						413, List.of(), null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("batches")
	void eachItemIsAnsweredInOrderAndExactlyTheAcceptedOnesArePublished(Batch batch) {
		String bootstrap = this.kafka.getBootstrapServers().get(0);
		Map<TopicPartition, Long> before = RefusedRequest.endOffsets(bootstrap, TOPIC);
		HttpResponse<String> response = HttpJson.post(this.port, PATH, batch.body(),
				Map.of(HttpJson.AUTHORIZATION, "Bearer " + batch.token()));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(batch.status());
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
		JsonNode answer = JSON.readTree(response.body());
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValue((batch.status() < 300) ? "application/json" : "application/problem+json");
		List<JsonNode> results = (answer.get("results") != null) ? answer.get("results").valueStream().toList()
				: List.of();
		assertThat(results.stream().map((item) -> item.get("status").asInt()).toList()).isEqualTo(batch.items());
		assertThat(results.stream().map((item) -> item.get("index").asInt()).toList())
			.isEqualTo(IntStream.range(0, batch.items().size()).boxed().toList());
		List<String> accepted = results.stream()
			.filter((item) -> item.get("status").asInt() == 202)
			.map((item) -> item.get("event_id").asString())
			.toList();
		results.stream().filter((item) -> item.get("status").asInt() != 202).forEach((item) -> {
			assertThat(item.get("problem").get("title").asString()).isNotBlank();
			assertThat(item.get("problem").get("detail").asString()).isNotBlank();
			assertThat(item.get("event_id")).isNull();
		});
		if (batch.field() != null) {
			JsonNode errors = (answer.get("errors") != null) ? answer.get("errors")
					: results.stream()
						.filter((item) -> item.get("problem") != null)
						.findFirst()
						.orElseThrow()
						.get("problem")
						.get("errors");
			assertThat(errors.valueStream().map((error) -> error.get("field").asString())).contains(batch.field());
		}
		if (!accepted.isEmpty()) {
			assertThat(answer.get("accepted").asInt()).isEqualTo(accepted.size());
			assertThat(answer.get("refused").asInt()).isEqualTo(batch.items().size() - accepted.size());
			try (TopicRecords records = TopicRecords.of(bootstrap, TOPIC)) {
				List<ConsumerRecord<String, String>> published = records.awaitMatching(
						(record) -> accepted.contains(eventId(record)), accepted.size(), Duration.ofSeconds(30));
				assertThat(published).extracting(BatchIngestionTests::eventId)
					.containsExactlyInAnyOrderElementsOf(accepted);
			}
		}
		assertThat(published(before, RefusedRequest.endOffsets(bootstrap, TOPIC))).as("records published by the batch")
			.isEqualTo(accepted.size());
	}

	@Test
	void aRetriedBatchWithTheSameIdempotencyKeyPublishesNothingTwice() {
		String bootstrap = this.kafka.getBootstrapServers().get(0);
		String key = "batch-" + UUID.randomUUID();
		String first = valid();
		String second = valid();
		Map<String, String> headers = Map.of("Idempotency-Key", key);
		Map<TopicPartition, Long> before = RefusedRequest.endOffsets(bootstrap, TOPIC);

		JsonNode original = JSON.readTree(HttpJson.post(this.port, PATH, array(first, second), headers).body());
		HttpResponse<String> retry = HttpJson.post(this.port, PATH, array(first, second), headers);
		HttpResponse<String> changed = HttpJson.post(this.port, PATH, array(first, valid()), headers);

		assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
		assertThat(eventIds(JSON.readTree(retry.body()))).isEqualTo(eventIds(original)).hasSize(2);
		assertThat(changed.statusCode()).as(changed.body()).isEqualTo(207);
		JsonNode changedItems = JSON.readTree(changed.body()).get("results");
		assertThat(changedItems.get(0).get("event_id").asString()).isEqualTo(eventIds(original).get(0));
		assertThat(changedItems.get(1).get("status").asInt()).isEqualTo(422);
		assertThat(published(before, RefusedRequest.endOffsets(bootstrap, TOPIC))).as("published once").isEqualTo(2);
	}

	private static List<String> eventIds(JsonNode answer) {
		List<String> ids = new ArrayList<>();
		answer.get("results").forEach((item) -> ids.add(item.get("event_id").asString()));
		return ids;
	}

	private static String eventId(ConsumerRecord<String, String> record) {
		var header = record.headers().lastHeader("ce_id");
		return (header != null) ? new String(header.value()) : "";
	}

	private static long published(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
		return after.entrySet()
			.stream()
			.collect(Collectors.summingLong((entry) -> entry.getValue() - before.getOrDefault(entry.getKey(), 0L)));
	}

}
