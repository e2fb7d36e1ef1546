package com.learnflow.struggle.stream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.learnflow.events.CodeExecuted;
import com.learnflow.events.ExerciseStarted;
import com.learnflow.events.LearningSubmitted;
import com.learnflow.struggle.rules.Activity;
import com.learnflow.struggle.rules.SeenEventIds;
import com.learnflow.struggle.rules.StudentState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The repartition records are written in Smile and the student states in their own binary
 * form, each read back the same; the forms of earlier versions (the state and the
 * repartition backlog a detector upgrades over: JSON, and Smile states) are still read,
 * and a damaged state is taken as a new student.
 */
class InternalFormatTests {

	static final UUID STUDENT = UUID.fromString("3f2a1c9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b");

	static final Serde<Activity> ACTIVITIES = InternalFormat.activities();

	static final Serde<StudentState> STATES = StudentStateFormat.serde(new DetectionMetrics(new SimpleMeterRegistry()));

	static Stream<Arguments> activities() {
		return Stream.of(
				arguments("a failed execution",
						Activity.of("e-1", 1_700_000_000_000L, 1_700_000_000_005L,
								new CodeExecuted(STUDENT, UUID.randomUUID(), "python", 12, false, "NameError"))),
				arguments("a successful execution without an error",
						Activity.of("e-4", 1_700_000_000_000L, 0,
								new CodeExecuted(STUDENT, UUID.randomUUID(), "jävå", 0, true, null))),
				arguments("a submission",
						Activity.of("dapr-7", 1_700_000_000_000L, 1_700_000_000_001L,
								new LearningSubmitted(STUDENT, UUID.randomUUID(), UUID.randomUUID(),
										Instant.ofEpochSecond(1_700_000_000L, 123_456_789), 42.5))),
				arguments("an exercise start", Activity.of("e-2", 1_700_000_000_000L, 0,
						new ExerciseStarted(STUDENT, UUID.randomUUID(), Instant.ofEpochMilli(1_700_000_000_000L)))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("activities")
	void anActivityIsWrittenInItsBinaryFormAndReadBackEqual(String name, Activity activity) {
		byte[] written = ACTIVITIES.serializer().serialize("t", activity);
		assertThat(written[0]).isEqualTo(ActivityFormat.VERSION);
		assertThat(ACTIVITIES.deserializer().deserialize("t", written)).isEqualTo(activity);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("activities")
	void anActivityOfThePreviousVersionInSmileIsRead(String name, Activity activity) {
		byte[] smile = InternalFormat.SMILE.writeValueAsBytes(asEarlierVersionsWroteIt(activity));
		assertThat(new String(smile, 0, 2, StandardCharsets.ISO_8859_1)).as("Smile's header").isEqualTo(":)");
		assertThat(ACTIVITIES.deserializer().deserialize("t", smile)).isEqualTo(activity);
	}

	/** The union of three nullable events that versions before the binary form wrote. */
	private static EarlierActivity asEarlierVersionsWroteIt(Activity activity) {
		return new EarlierActivity(activity.eventId(), activity.time(), activity.arrival(),
				(activity.event() instanceof LearningSubmitted submission) ? submission : null,
				(activity.event() instanceof CodeExecuted execution) ? execution : null,
				(activity.event() instanceof ExerciseStarted start) ? start : null);
	}

	static Stream<Arguments> forgedActivities() {
		Activity execution = Activity.of("e-1", 1_700_000_000_000L, 0,
				new CodeExecuted(STUDENT, UUID.randomUUID(), "python", 12, false, "NameError"));
		byte[] whole = ACTIVITIES.serializer().serialize("t", execution);
		byte[] unknownKind = whole.clone();
		// After the version byte, the id (4 + 3 bytes), time and arrival.
		unknownKind[24] = 9;
		byte[] blankLanguage = ACTIVITIES.serializer()
			.serialize("t",
					Activity.of("e-1", 1, 0, new CodeExecuted(STUDENT, UUID.randomUUID(), "python", 12, false, null)));
		// The language's six bytes turned into spaces: the event's own constructor
		// refuses it.
		int language = 25 + 32 + 4;
		Arrays.fill(blankLanguage, language, language + 6, (byte) ' ');
		return Stream.of(arguments("cut short", Arrays.copyOf(whole, whole.length - 1)),
				arguments("an unknown kind", unknownKind), arguments("a blank language", blankLanguage),
				arguments("bytes after the record", Arrays.copyOf(whole, whole.length + 2)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("forgedActivities")
	void aForgedRepartitionRecordIsRefused(String name, byte[] forged) {
		assertThatIllegalArgumentException().isThrownBy(() -> ACTIVITIES.deserializer().deserialize("t", forged));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "", "NameError", "ü and €", "\uD83D\uDE00 an emoji", "an unpaired \uD800 surrogate",
			"ends with \uDBFF" })
	void aTextIsWrittenAsItsUtf8Form(String text) {
		BinaryRecords.Writer out = new BinaryRecords.Writer(BinaryRecords.sizeOf(text));
		out.putText(text);
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		assertThat(Arrays.copyOfRange(out.bytes(), 4, 4 + utf8.length)).isEqualTo(utf8);
		assertThat(new BinaryRecords.Reader(out.bytes()).text()).isEqualTo(new String(utf8, StandardCharsets.UTF_8));
	}

	@Test
	void anActivityOfThePreviousVersionInJsonIsRead() {
		String json = """
				{"event_id":"e-3","time":1700000000000,"arrival":1700000000005,"execution":{"event_type":"code_execution",\
				"user_id":"%s","session_id":"0b9e7c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d","language":"python",\
				"execution_time_ms":150,"success":false,"error":"NameError"}}"""
			.formatted(STUDENT);
		Activity read = ACTIVITIES.deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8));
		assertThat(read.eventId()).isEqualTo("e-3");
		assertThat(read.userId()).isEqualTo(STUDENT);
		assertThat(read).isInstanceOfSatisfying(Activity.Execution.class,
				(execution) -> assertThat(execution.event().error()).isEqualTo("NameError"));
	}

	@Test
	void aStudentStateOfAnEarlierVersionInJsonIsReadAndWrittenBackInTheBinaryForm() {
		Serde<StudentState> states = STATES;
		String json = """
				{"failures":[{"event_id":"e-1","time":1700000000000,"value":"NameError"}],\
				"scores":[{"event_id":"e-5","time":1700000000000,"value":"42.5"}],\
				"open_exercises":{"x-1":{"event_id":"e-4","time":1700000000000,"value":"x-1"}},"last_progress":0,"last_activity":1700000000000,"alerts":[1699999000000],\
				"last_alert_by_type":{"repeated_errors":1699999000000},"a_field_of_an_older_version":1}""";
		StudentState state = states.deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8));
		assertThat(state.failures()).containsExactly(new StudentState.Failure("e-1", 1_700_000_000_000L, "NameError"));
		assertThat(state.scores()).containsExactly(new StudentState.Score("e-5", 1_700_000_000_000L, 42.5));
		assertThat(state.openExercises())
			.containsExactly(entry("x-1", new StudentState.Start("e-4", 1_700_000_000_000L)));
		assertThat(state.lastActivity()).isEqualTo(1_700_000_000_000L);
		assertThat(state.lastAlertByType()).containsEntry("repeated_errors", 1_699_999_000_000L);

		byte[] binary = states.serializer().serialize("t", state);
		assertThat(binary[0]).isEqualTo(StudentStateFormat.VERSION);
		StudentState again = states.deserializer().deserialize("t", binary);
		assertThat(again.failures()).isEqualTo(state.failures());
		assertThat(again.scores()).isEqualTo(state.scores());
		assertThat(again.openExercises()).isEqualTo(state.openExercises());
		assertThat(again.alerts()).isEqualTo(state.alerts());
		assertThat(again.lastActivity()).isEqualTo(state.lastActivity());
	}

	/**
	 * Version 2 wrote every piece of evidence as text, and an open exercise's id again
	 * after its start.
	 */
	@Test
	void aStudentStateOfThePreviousBinaryVersionIsRead() {
		int size = 1 + 8 + 8 + 4 + textEvidenceSize("e-1", "NameError") + 4 + textEvidenceSize("e-3", "42.5") + 4
				+ BinaryRecords.sizeOf("x-1") + textEvidenceSize("e-4", "x-1") + 4 + 4 + 4;
		BinaryRecords.Writer v2 = new BinaryRecords.Writer(size);
		v2.put(StudentStateFormat.TEXT_EVIDENCE);
		v2.putLong(1_699_000_000_000L);
		v2.putLong(1_700_000_003_000L);
		v2.putInt(1);
		putTextEvidence(v2, "e-1", 1_700_000_000_000L, "NameError");
		v2.putInt(1);
		putTextEvidence(v2, "e-3", 1_700_000_002_000L, "42.5");
		v2.putInt(1);
		v2.putText("x-1");
		putTextEvidence(v2, "e-4", 1_700_000_003_000L, "x-1");
		v2.putInt(0);
		v2.putInt(0);
		v2.putInt(0);
		StudentState read = STATES.deserializer().deserialize("t", v2.bytes());
		assertThat(read.failures()).containsExactly(new StudentState.Failure("e-1", 1_700_000_000_000L, "NameError"));
		assertThat(read.scores()).containsExactly(new StudentState.Score("e-3", 1_700_000_002_000L, 42.5));
		assertThat(read.openExercises())
			.containsExactly(entry("x-1", new StudentState.Start("e-4", 1_700_000_003_000L)));
		assertThat(read.lastActivity()).isEqualTo(1_700_000_003_000L);
	}

	private static int textEvidenceSize(String eventId, String value) {
		return BinaryRecords.sizeOf(eventId) + 8 + BinaryRecords.sizeOf(value);
	}

	private static void putTextEvidence(BinaryRecords.Writer out, String eventId, long time, String value) {
		out.putText(eventId);
		out.putLong(time);
		out.putText(value);
	}

	@Test
	void aStudentStateIsWrittenInItsBinaryFormAndReadBackEqual() {
		StudentState state = fullState();
		byte[] written = STATES.serializer().serialize("t", state);
		assertThat(written[0]).isEqualTo(StudentStateFormat.VERSION);
		assertThat(describe(STATES.deserializer().deserialize("t", written))).isEqualTo(describe(state));
	}

	@Test
	void aStudentStateOfThePreviousVersionInSmileIsRead() {
		StudentState state = fullState();
		byte[] smile = InternalFormat.SMILE.writeValueAsBytes(state);
		assertThat(new String(smile, 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo(":)");
		StudentState read = STATES.deserializer().deserialize("t", smile);
		assertThat(read.seen().size()).as("earlier versions kept seen ids in a store of their own").isZero();
		assertThat(describe(read)).isEqualTo(describe(state).replaceAll("seen=.*", "seen="));
	}

	static Stream<Arguments> damagedStates() {
		byte[] whole = STATES.serializer().serialize("t", fullState());
		byte[] hugeCount = whole.clone();
		// The failures' count follows the version byte and two longs.
		hugeCount[17] = 0x7f;
		byte[] longText = whole.clone();
		longText[21] = 0x7f;
		byte[] trailing = Arrays.copyOf(whole, whole.length + 1);
		return Stream.of(arguments("cut short", Arrays.copyOf(whole, whole.length - 3)),
				arguments("a count beyond any state", hugeCount), arguments("a text longer than the record", longText),
				arguments("bytes after the state", trailing), arguments("the version byte alone", new byte[] { 2 }));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("damagedStates")
	void aDamagedStateIsCountedAndTakenAsANewStudent(String name, byte[] damaged) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		Serde<StudentState> states = StudentStateFormat.serde(new DetectionMetrics(registry));
		assertThat(states.deserializer().deserialize("t", damaged)).isNull();
		assertThat(registry.get("learnflow.detector.failures").tag("kind", "unreadable_state").counter().count())
			.isEqualTo(1);
	}

	private static StudentState fullState() {
		StudentState state = new StudentState();
		state.failures().add(new StudentState.Failure("e-1", 1_700_000_000_000L, "NameError: ü"));
		state.failures().add(new StudentState.Failure("e-2", 1_700_000_001_000L, null));
		state.scores().add(new StudentState.Score("e-3", 1_700_000_002_000L, 42.5));
		state.openExercises().put("x-1", new StudentState.Start("e-4", 1_700_000_003_000L));
		state.lastProgress(1_699_000_000_000L);
		state.lastActivity(1_700_000_003_000L);
		state.alerts().add(1_699_999_000_000L);
		state.lastAlertByType().put("repeated_errors", 1_699_999_000_000L);
		state.seen().add(SeenEventIds.hash("e-1"), 1_700_000_000_000L, 1_700_086_400_000L);
		state.seen().add(SeenEventIds.hash("e-2"), 1_700_000_001_000L, 1_700_086_401_000L);
		return state;
	}

	private static String describe(StudentState state) {
		StringBuilder seen = new StringBuilder();
		for (int i = 0; i < state.seen().size(); i++) {
			seen.append(state.seen().hash(i))
				.append('/')
				.append(state.seen().time(i))
				.append('/')
				.append(state.seen().forgetAt(i))
				.append(' ');
		}
		return "failures=" + state.failures() + " scores=" + state.scores() + " open=" + state.openExercises()
				+ " progress=" + state.lastProgress() + " activity=" + state.lastActivity() + " alerts="
				+ state.alerts() + " last=" + state.lastAlertByType() + " seen=" + seen;
	}

}
