package com.learnflow.struggle.stream;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The time-ordered keys of the stall, state-expiry and seen-id stores, and the hours
 * their expiries are kept in.
 */
class TimeKeysTests {

	static Stream<Arguments> timeKeys() {
		return Stream.of(arguments(0L, "a", "0000000000000|a"), arguments(7L, "u|x", "0000000000007|u|x"),
				arguments(1_700_000_000_000L, "u", "1700000000000|u"),
				arguments(9_999_999_999_999L, "~", "9999999999999|~"));
	}

	@ParameterizedTest(name = "{0} and {1}: {2}")
	@MethodSource("timeKeys")
	void aTimeKeyIsTheTimeIn13DigitsThenTheRest(long time, String rest, String key) {
		assertThat(DetectionProcessor.timeKey(time, rest)).isEqualTo(key);
	}

	@Test
	void timeKeysSortAsTheirTimes() {
		assertThat(DetectionProcessor.timeKey(999, "~")).isLessThan(DetectionProcessor.timeKey(1000, "0"));
	}

	@Test
	void aTimeOutside13DigitsHasNoKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> DetectionProcessor.timeKey(-1, "u"));
		assertThatIllegalArgumentException().isThrownBy(() -> DetectionProcessor.timeKey(10_000_000_000_000L, "u"));
	}

	static final long HOUR = 3_600_000L;

	static Stream<Arguments> hours() {
		return Stream.of(arguments(0L, 0L), arguments(1L, HOUR), arguments(HOUR - 1, HOUR), arguments(HOUR, HOUR),
				arguments(HOUR + 1, 2 * HOUR), arguments(1_700_000_000_000L, 1_700_002_800_000L));
	}

	@ParameterizedTest(name = "{0} ends at {1}")
	@MethodSource("hours")
	void aTimeBelongsToTheHourEndingAtOrAfterIt(long time, long hourEnding) {
		assertThat(DetectionProcessor.hourEnding(time)).isEqualTo(hourEnding);
	}

}
