package com.learnflow.struggle.alerts;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A stream position is written and read back exactly; anything else a client sends as
 * Last-Event-ID is refused.
 */
class StreamPositionTests {

	@ParameterizedTest
	@ValueSource(strings = { "0:0", "0:123,1:456,2:789", "1:5", "0:9223372036854775807", "2147483647:1", "0:1,7:2" })
	void whatItWritesItReadsBack(String text) {
		assertThat(StreamPosition.parse(text)).hasToString(text);
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "0", "0:", ":1", "0:1,", ",0:1", "0:-1", "-1:3", "0:1;1:2", " 0:1", "0:1 ",
			"0:1\n1:2", "0:1,0:2", // a partition twice
			"1:1,0:2", // out of order
			"0:99999999999999999999", // 20 digits
			"0:9223372036854775808", // beyond a long
			"2147483648:1" // beyond an int
	})
	void anythingElseIsRefused(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> StreamPosition.parse(text));
	}

	@Test
	void aPositionLongerThanOneKilobyteIsRefusedEvenIfWellFormed() {
		StringBuilder text = new StringBuilder("0:1");
		for (int partition = 1; text.length() <= StreamPosition.MAX_LENGTH; partition++) {
			text.append(',').append(partition).append(":1000000000000");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> StreamPosition.parse(text.toString()))
			.withMessageContaining("at most 1024 characters");
	}

	@Test
	void aRecordIsCoveredUpToAndIncludingThePartitionsOffset() {
		StreamPosition position = StreamPosition.parse("0:10,2:5");
		assertThat(position.covers(0, 10)).isTrue();
		assertThat(position.covers(0, 11)).isFalse();
		assertThat(position.covers(1, 0)).as("a partition it has not seen").isFalse();
		assertThat(position.covers(2, 4)).isTrue();
	}

	@Test
	void movingOnNeverGoesBack() {
		StreamPosition position = StreamPosition.parse("0:10,2:5");
		assertThat(position.with(0, 3)).hasToString("0:10,2:5");
		assertThat(position.with(1, 3)).hasToString("0:10,1:3,2:5");
		assertThat(position.max(StreamPosition.of(Map.of(0, 4L, 2, 9L, 3, 1L)))).hasToString("0:10,2:9,3:1");
	}

}
