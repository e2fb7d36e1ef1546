package com.learnflow.bench;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A target is met by a rate at or above it and by a latency or a size at or below it,
 * never by a missing figure.
 */
class TargetTests {

	static Stream<Arguments> targets() {
		return Stream.of(arguments(new Target("rate", 0.30, 0.30, "ratio", true), true),
				arguments(new Target("rate", 0.04, 0.30, "ratio", true), false),
				arguments(new Target("latency", 499, 500, "ms", false), true),
				arguments(new Target("latency", 10_706, 500, "ms", false), false),
				arguments(new Target("memory", 300, 300, "MB", false), true),
				arguments(new Target("memory not read", -1, 300, "MB", false), false),
				arguments(new Target("replay failed", Double.NaN, 0.30, "ratio", true), false));
	}

	@ParameterizedTest(name = "{0}: met {1}")
	@MethodSource("targets")
	void aTargetIsMetFromTheRightSide(Target target, boolean met) {
		assertThat(target.met()).isEqualTo(met);
	}

}
