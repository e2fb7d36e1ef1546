package com.learnflow.kafka;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The event time is written exactly as {@link Instant#toString()} writes it. */
class CloudEventHeadersTests {

	@ParameterizedTest
	@ValueSource(strings = { "2026-12-03T18:25:00Z", "2026-12-03T18:25:00.001Z", "2026-12-03T18:25:00.010Z",
			"2026-12-03T18:25:00.100Z", "2026-12-03T18:25:00.999Z", "2026-12-03T18:25:01.500Z",
			"2026-12-31T23:59:59.999Z", "2027-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2028-02-29T12:00:00.042Z",
			"2026-12-03T18:25:00.000001Z", "2026-12-03T18:25:00.123456789Z", "1969-12-31T23:59:59.900Z",
			"9999-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z" })
	void anInstantIsWrittenAsItsOwnText(String text) {
		Instant time = Instant.parse(text);
		assertThat(CloudEventHeaders.utcText(time)).isEqualTo(time.toString());
		// The second's text is reused: the same second again, then a later instant in it.
		assertThat(CloudEventHeaders.utcText(time)).isEqualTo(time.toString());
		assertThat(CloudEventHeaders.utcText(time.plusMillis(1))).isEqualTo(time.plusMillis(1).toString());
	}

}
