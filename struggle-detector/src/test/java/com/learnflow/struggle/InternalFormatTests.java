package com.learnflow.struggle;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.learnflow.events.CodeExecuted;
import com.learnflow.events.ExerciseStarted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The internal records are written in Smile and read back the same, and the JSON of the version before (the state
 * and the repartition backlog a detector upgrades over) is still read.
 */
class InternalFormatTests {

	static final UUID STUDENT = UUID.fromString("3f2a1c9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b");

	static final Serde<Activity> ACTIVITIES = InternalFormat.serde(Activity.class);

	static Stream<Arguments> activities() {
		return Stream.of(
				arguments("a failed execution", Activity.of("e-1", 1_700_000_000_000L, 1_700_000_000_005L,
						new CodeExecuted(STUDENT, UUID.randomUUID(), "python", 12, false, "NameError"))),
				arguments("an exercise start", Activity.of("e-2", 1_700_000_000_000L, 0,
						new ExerciseStarted(STUDENT, UUID.randomUUID(), java.time.Instant.ofEpochMilli(1_700_000_000_000L)))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("activities")
	void anActivityIsWrittenInSmileAndReadBackEqual(String name, Activity activity) {
		byte[] written = ACTIVITIES.serializer().serialize("t", activity);
		assertThat(InternalFormat.isJson(written)).isFalse();
		assertThat(new String(written, 0, 2, StandardCharsets.ISO_8859_1)).as("Smile's header").isEqualTo(":)");
		assertThat(ACTIVITIES.deserializer().deserialize("t", written)).isEqualTo(activity);
	}

	@Test
	void anActivityOfThePreviousVersionInJsonIsRead() {
		String json = """
				{"event_id":"e-3","time":1700000000000,"arrival":1700000000005,"execution":{"event_type":"code_execution",\
				"user_id":"%s","session_id":"0b9e7c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d","language":"python",\
				"execution_time_ms":150,"success":false,"error":"NameError"}}""".formatted(STUDENT);
		Activity read = ACTIVITIES.deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8));
		assertThat(read.eventId()).isEqualTo("e-3");
		assertThat(read.userId()).isEqualTo(STUDENT);
		assertThat(read.execution().error()).isEqualTo("NameError");
	}

	@Test
	void aStudentStateOfThePreviousVersionInJsonIsReadAndWrittenBackInSmile() {
		Serde<StudentState> states = StudentState.serde(new DetectionMetrics(new SimpleMeterRegistry()));
		String json = """
				{"failures":[{"event_id":"e-1","time":1700000000000,"value":"NameError"}],"scores":[],\
				"open_exercises":{},"last_progress":0,"last_activity":1700000000000,"alerts":[1699999000000],\
				"last_alert_by_type":{"repeated_errors":1699999000000},"a_field_of_an_older_version":1}""";
		StudentState state = states.deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8));
		assertThat(state.failures()).containsExactly(new StudentState.Evidence("e-1", 1_700_000_000_000L, "NameError"));
		assertThat(state.lastActivity()).isEqualTo(1_700_000_000_000L);
		assertThat(state.lastAlertByType()).containsEntry("repeated_errors", 1_699_999_000_000L);

		byte[] smile = states.serializer().serialize("t", state);
		assertThat(InternalFormat.isJson(smile)).isFalse();
		StudentState again = states.deserializer().deserialize("t", smile);
		assertThat(again.failures()).isEqualTo(state.failures());
		assertThat(again.alerts()).isEqualTo(state.alerts());
		assertThat(again.lastActivity()).isEqualTo(state.lastActivity());
	}

}
