package com.learnflow.ops.replay;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A replay's start time is checked as the reset tool reads it, before the tool stops or
 * changes anything.
 */
class ReplayStartTests {

	@ParameterizedTest
	@ValueSource(strings = { "2026-12-01T10:00:00.000", "2026-12-01T10:00:00.000Z", "2026-12-01T10:00:00.000+01:00" })
	void aTimeTheResetToolReadsIsPassedOnAsItIs(String time) {
		assertThat(DetectorReplay.From.datetime(time).resetOption()).containsExactly("--to-datetime", time);
	}

	@ParameterizedTest
	@ValueSource(strings = { "bogus", "2026-12-01", "2026-12-01 10:00:00.000", "2026-12-01T10:00:00", "" })
	void anythingElseIsRefusedWithTheFormItNeeds(String time) {
		assertThatIllegalArgumentException().isThrownBy(() -> DetectorReplay.From.datetime(time))
			.withMessageContaining("--to-datetime must be a time such as 2026-12-01T10:00:00.000");
	}

}
