package com.learnflow.struggle.rules;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.bind.BindException;

import com.learnflow.events.TopicCatalog;
import com.learnflow.struggle.BoundProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The thresholds as the application binds them: each default is the rules table's
 * (docs/struggle-detection.md), and a setting no rule can work with stops the start with
 * the setting's name.
 */
class DetectionPropertiesTests {

	static Stream<Arguments> defaults() {
		return Stream.of(setting("repeated-errors.failures", (p) -> p.repeatedErrors().failures(), 3),
				setting("repeated-errors.window", (p) -> p.repeatedErrors().window(), Duration.ofMinutes(10)),
				setting("low-scores.last-scores", (p) -> p.lowScores().lastScores(), 3),
				setting("low-scores.min-scores", (p) -> p.lowScores().minScores(), 2),
				setting("low-scores.threshold", (p) -> p.lowScores().threshold(), 60.0),
				setting("stalled-exercise.after", (p) -> p.stalledExercise().after(), Duration.ofMinutes(30)),
				setting("stalled-exercise.check-interval", (p) -> p.stalledExercise().checkInterval(),
						Duration.ofSeconds(15)),
				setting("stalled-exercise.idle-after", (p) -> p.stalledExercise().idleAfter(), Duration.ofMinutes(1)),
				setting("cooldown", DetectionProperties::cooldown, Duration.ofMinutes(15)),
				setting("escalation.alerts", (p) -> p.escalation().alerts(), 3),
				setting("escalation.window", (p) -> p.escalation().window(), Duration.ofHours(24)),
				setting("duplicate-window", DetectionProperties::duplicateWindow, Duration.ofHours(24)),
				setting("repartition-partitions", DetectionProperties::repartitionPartitions, TopicCatalog.PARTITIONS),
				setting("liveness-grace", DetectionProperties::livenessGrace, Duration.ofSeconds(30)));
	}

	@ParameterizedTest(name = "{0} defaults to {2}")
	@MethodSource("defaults")
	void eachDefaultIsTheRulesTables(String name, Function<DetectionProperties, Object> setting, Object expected) {
		assertThat(setting.apply(BoundProperties.defaults(DetectionProperties.class))).isEqualTo(expected);
	}

	static Stream<Arguments> refused() {
		return Stream.of(arguments("repeated-errors.failures", "0", "repeated-errors.failures must be at least 1"),
				arguments("low-scores.last-scores", "0", "low-scores.last-scores must be at least 1"),
				arguments("low-scores.min-scores", "4", "low-scores.min-scores must not exceed last-scores"),
				arguments("escalation.alerts", "0", "escalation.alerts must be at least 1"),
				arguments("repartition-partitions", "0", "repartition-partitions must be at least 1"));
	}

	@ParameterizedTest(name = "{0}={1} is refused")
	@MethodSource("refused")
	void aSettingNoRuleCanWorkWithIsRefusedByName(String name, String value, String message) {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> BoundProperties.of(DetectionProperties.class, Map.of(name, value)))
			.havingRootCause()
			.withMessageContaining(message);
	}

	private static Arguments setting(String name, Function<DetectionProperties, Object> setting, Object expected) {
		return arguments(name, setting, expected);
	}

}
