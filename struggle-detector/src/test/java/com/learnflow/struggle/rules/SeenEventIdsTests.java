package com.learnflow.struggle.rules;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A student's memory of her latest event ids: the duplicate window, forgetting by her
 * input's clock, the cap.
 */
class SeenEventIdsTests {

	static final long WINDOW = 1_000;

	/** An id seen at event time 10,000, remembered until 11,000. */
	static Stream<Arguments> lookups() {
		return Stream.of(arguments("the same id at the same time", "a", 10_000L, 10_500L, true),
				arguments("the same id at the window's edge", "a", 11_000L, 10_500L, true),
				arguments("the same id beyond the window", "a", 11_001L, 10_500L, false),
				arguments("the same id earlier, within the window", "a", 9_000L, 10_500L, true),
				arguments("another id", "b", 10_000L, 10_500L, false),
				arguments("the same id once her input has passed the forgetting time", "a", 10_000L, 11_000L, false));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("lookups")
	void anIdIsARepeatWithinItsWindowUntilItIsForgotten(String name, String id, long time, long clock, boolean repeat) {
		SeenEventIds seen = new SeenEventIds();
		seen.add(SeenEventIds.hash("a"), 10_000, 10_000 + WINDOW);
		seen.forget(clock);
		assertThat(seen.contains(SeenEventIds.hash(id), time, WINDOW)).isEqualTo(repeat);
	}

	@Test
	void beyondItsCapTheEarliestIdGoesFirst() {
		SeenEventIds seen = new SeenEventIds();
		for (int i = 0; i <= SeenEventIds.MAX; i++) {
			seen.add(i, 0, Long.MAX_VALUE);
		}
		assertThat(seen.size()).isEqualTo(SeenEventIds.MAX);
		assertThat(seen.contains(0, 0, WINDOW)).isFalse();
		assertThat(seen.contains(1, 0, WINDOW)).isTrue();
		assertThat(seen.contains(SeenEventIds.MAX, 0, WINDOW)).isTrue();
	}

	@Test
	void forgettingKeepsTheOthersInOrder() {
		SeenEventIds seen = new SeenEventIds();
		for (int i = 0; i < 10; i++) {
			seen.add(i, i, (i % 2 == 0) ? 100 : 200);
		}
		seen.forget(150);
		assertThat(seen.size()).isEqualTo(5);
		for (int i = 0; i < 5; i++) {
			assertThat(seen.hash(i)).isEqualTo(2 * i + 1);
		}
	}

	@Test
	void theHashesOfManyIdsDoNotCollide() {
		Set<Long> hashes = new HashSet<>();
		for (int i = 0; i < 200_000; i++) {
			hashes.add(SeenEventIds.hash(UUID.randomUUID().toString()));
			hashes.add(SeenEventIds.hash("code.executed-0-" + i));
		}
		assertThat(hashes).hasSize(400_000);
	}

}
