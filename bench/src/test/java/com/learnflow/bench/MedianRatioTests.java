package com.learnflow.bench;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A service's figure against the anchor's is the median over the rounds of the ratio
 * within each round, so that a round in which the whole machine was slower weighs no more
 * than any other.
 */
class MedianRatioTests {

	static Stream<Arguments> rounds() {
		return Stream.of(arguments("one round", List.of(90.0), List.of(100.0), 0.90),
				arguments("three rounds, the machine drifting", List.of(95.0, 190.0, 400.0),
						List.of(100.0, 200.0, 400.0), 0.95),
				arguments("an outlier round does not move it", List.of(90.0, 30.0, 95.0), List.of(100.0, 100.0, 100.0),
						0.90),
				arguments("an even count takes the middle two", List.of(80.0, 90.0, 100.0, 110.0),
						List.of(100.0, 100.0, 100.0, 100.0), 0.95),
				arguments("no round", List.of(), List.of(), Double.NaN));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rounds")
	void theRatioIsTheMedianOfTheRounds(String name, List<Double> service, List<Double> anchor, double expected) {
		double ratio = IngestMaximum.medianRatio(runs(service), runs(anchor), Wrk.Run::perSecond);
		if (Double.isNaN(expected)) {
			assertThat(ratio).isNaN();
		}
		else {
			assertThat(ratio).isCloseTo(expected, within(1e-9));
		}
	}

	private static List<Wrk.Run> runs(List<Double> rates) {
		return rates.stream()
			.map((rate) -> new Wrk.Run(64, 20, Math.round(rate * 20), rate, 0, 0, 5, 20, 0.1))
			.toList();
	}

}
