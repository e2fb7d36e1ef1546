package com.learnflow.struggle.stream;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.DeserializationHandlerResponse;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.ProcessingHandlerResponse;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.ProductionExceptionHandlerResponse;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.learnflow.struggle.rules.StudentState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The exception handlers' rules, on the records they are given: where each failed record
 * goes, with which reason, and that processing always goes on; and the budget of
 * stream-thread replacements.
 */
class RecordFailureHandlerTests {

	static final String INTERNAL = "struggle-detector-test-detection.dlt";

	final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
			new ByteArraySerializer());

	final RecordFailureHandler handler = handler();

	static Stream<Arguments> deadLetters() {
		return Stream.of(
				arguments("an input that fails processing goes to its topic's dead letters", "code.executed",
						"code.executed.dlt", "processing_failed"),
				arguments("a repartition record that fails processing goes to the detector's own",
						"struggle-detector-test-detection-activity-by-student-repartition", INTERNAL,
						"processing_failed"),
				arguments("a punctuation (no source topic) that fails goes to the detector's own", null, INTERNAL,
						"processing_failed"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("deadLetters")
	void aRecordThatFailsProcessingIsDeadLetteredAndProcessingGoesOn(String name, String source, String target,
			String reason) {
		ProcessingHandlerResponse response = this.handler.handle(context(source), new Record<>("k", "v", 0L),
				new IllegalStateException("boom"));

		assertThat(response).isEqualTo(ProcessingHandlerResponse.CONTINUE);
		ProducerRecord<byte[], byte[]> dead = this.producer.history().get(0);
		assertThat(dead.topic()).isEqualTo(target);
		assertThat(text(dead.value())).isEqualTo("raw value");
		assertThat(header(dead.headers(), DeadLetters.REASON)).isEqualTo(reason);
		assertThat(header(dead.headers(), DeadLetters.ERROR)).contains("boom");
		assertThat(header(dead.headers(), "ce_id")).as("the original headers are kept").isEqualTo("e-1");
		assertThat(failures("processing")).isEqualTo(1);
	}

	@Test
	void anUnreadableInternalRecordIsDeadLetteredAsItCame() {
		ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("app-activity-by-student-repartition", 1, 7,
				bytes("k"), bytes("{garbage"));
		DeserializationHandlerResponse response = this.handler.handle(context("app-activity-by-student-repartition"),
				record, new org.apache.kafka.common.errors.SerializationException("bad json"));

		assertThat(response).isEqualTo(DeserializationHandlerResponse.CONTINUE);
		assertThat(this.producer.history()).singleElement().satisfies((dead) -> {
			assertThat(dead.topic()).isEqualTo(INTERNAL);
			assertThat(text(dead.value())).isEqualTo("{garbage");
			assertThat(header(dead.headers(), DeadLetters.REASON)).isEqualTo("unreadable");
		});
	}

	@Test
	void anAlertTheBrokerRefusesGoesToStruggleDetectedDeadLettersAndOtherRecordsAreOnlyCounted() {
		ProducerRecord<byte[], byte[]> alert = new ProducerRecord<>("struggle.detected", bytes("u"), bytes("{}"));
		ProducerRecord<byte[], byte[]> changelog = new ProducerRecord<>("app-student-states-changelog", bytes("u"),
				bytes("{}"));

		assertThat(this.handler.handle(context("code.executed"), alert, new RecordTooLargeException("too large")))
			.isEqualTo(ProductionExceptionHandlerResponse.CONTINUE);
		assertThat(this.handler.handle(context("code.executed"), changelog, new RecordTooLargeException("too large")))
			.isEqualTo(ProductionExceptionHandlerResponse.CONTINUE);

		assertThat(this.producer.history()).singleElement()
			.satisfies((dead) -> assertThat(dead.topic()).isEqualTo("struggle.detected.dlt"));
		assertThat(failures("production")).isEqualTo(2);
	}

	@Test
	void aDeadLetterIsBoundedWhateverTheFailedRecordCarried() {
		RecordHeaders junk = new RecordHeaders();
		for (int i = 0; i < 100; i++) {
			junk.add("junk-" + i, new byte[1024]);
		}
		ErrorHandlerContext context = new Context("code.executed", junk, new byte[InputParser.MAX_VALUE_BYTES + 1]);
		this.handler.handle(context, new Record<>("k", "v", 0L), new IllegalStateException("x".repeat(10_000)));

		ProducerRecord<byte[], byte[]> dead = this.producer.history().get(0);
		assertThat(dead.value()).as("an oversized value is not copied").isNull();
		assertThat(header(dead.headers(), DeadLetters.HEADERS_DROPPED)).isNotNull();
		int headerBytes = 0;
		for (var header : dead.headers()) {
			headerBytes += header.key().length() + header.value().length;
		}
		assertThat(headerBytes).isLessThan(DeadLetters.MAX_HEADER_BYTES + 4 * DeadLetters.MAX_ERROR_CHARS);
	}

	@ParameterizedTest(name = "a stored state of {0} is read as a fresh state")
	@org.junit.jupiter.params.provider.ValueSource(strings = { "not json", "{\"failures\": 3}", "[]", "\u0000\u0001" })
	void aStudentsStateThatCannotBeReadIsCountedAndStartedAfresh(String stored) {
		var serde = StudentStateFormat.serde(new DetectionMetrics(this.registry));
		assertThat(serde.deserializer().deserialize("student-states", bytes(stored))).isNull();
		assertThat(failures("unreadable_state")).isEqualTo(1);
		StudentState state = new StudentState();
		state.lastActivity(42);
		byte[] good = serde.serializer().serialize("student-states", state);
		assertThat(serde.deserializer().deserialize("student-states", good).lastActivity()).isEqualTo(42);
	}

	@Test
	void aStreamThreadIsReplacedFiveTimesWithinTenMinutesThenTheClientShutsDown() {
		MutableClock clock = new MutableClock();
		StreamThreadReplacement replacement = new StreamThreadReplacement(new DetectionMetrics(this.registry), clock);
		for (int i = 0; i < StreamThreadReplacement.MAX_REPLACEMENTS; i++) {
			assertThat(replacement.handle(new IllegalStateException()))
				.isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
			clock.advance(Duration.ofMinutes(1));
		}
		assertThat(replacement.handle(new IllegalStateException()))
			.isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
		clock.advance(StreamThreadReplacement.WINDOW);
		assertThat(replacement.handle(new IllegalStateException())).as("the budget is per window")
			.isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
	}

	private RecordFailureHandler handler() {
		DeadLetterSink sink = new DeadLetterSink(() -> this.producer, INTERNAL, new DetectionMetrics(this.registry));
		RecordFailureHandler handler = new RecordFailureHandler();
		handler.configure(Map.of(DeadLetterSink.CONFIG, sink));
		return handler;
	}

	private double failures(String kind) {
		var counter = this.registry.find("learnflow.detector.failures").tag("kind", kind).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static ErrorHandlerContext context(String topic) {
		RecordHeaders headers = new RecordHeaders();
		headers.add("ce_id", bytes("e-1"));
		return new Context(topic, headers, bytes("raw value"));
	}

	private static String header(Headers headers, String name) {
		var header = headers.lastHeader(name);
		return (header != null) ? text(header.value()) : null;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null;
	}

	/** What Kafka Streams tells a handler about the failed record. */
	record Context(String topic, Headers headers, byte[] sourceRawValue) implements ErrorHandlerContext {

		@Override
		public int partition() {
			return 2;
		}

		@Override
		public long offset() {
			return 42;
		}

		@Override
		public String processorNodeId() {
			return "detect";
		}

		@Override
		public TaskId taskId() {
			return new TaskId(1, 2);
		}

		@Override
		public long timestamp() {
			return 0;
		}

		@Override
		public byte[] sourceRawKey() {
			return bytes("raw key");
		}

	}

	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-12-01T10:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
