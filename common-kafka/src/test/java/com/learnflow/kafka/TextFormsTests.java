package com.learnflow.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Each one-pass check of {@link TextForms} says of every text what its regular expression
 * in {@link StrictJson} says: tried on valid examples and on every text one edit away
 * from them (each character replaced by each of a set of look-alikes, removed, or
 * doubled) and on every prefix.
 */
class TextFormsTests {

	/** Characters that sit next to the valid ones, or look like them. */
	private static final String REPLACEMENTS = "0959afAFgG-:.+TtZz \u0660\uff10\u0000";

	static Stream<Arguments> forms() {
		return Stream.of(
				arguments("UUID", StrictJson.UUID_FORM, (Predicate<String>) TextForms::isUuid,
						List.of("3f2a1c9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b", "3F2A1C9E-8B7D-4E6F-9A0B-1C2D3E4F5A6B",
								"00000000-0000-0000-0000-000000000000")),
				arguments("instant", StrictJson.INSTANT_FORM, (Predicate<String>) TextForms::isInstant,
						List.of("2026-12-01T10:30:00Z", "2026-12-01T10:30:00.1Z", "2026-12-01T10:30:00.123Z")),
				arguments("offset date-time", StrictJson.OFFSET_DATE_TIME_FORM,
						(Predicate<String>) TextForms::isOffsetDateTime,
						List.of("2026-12-01T10:30:00Z", "2026-12-01T10:30:00.123456789+02:00",
								"2026-12-01T10:30:00-05:30", "2026-12-01T10:30:00.5Z")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("forms")
	void eachCheckJudgesEveryTextAsItsPatternDoes(String name, Pattern form, Predicate<String> check,
			List<String> valid) {
		List<String> texts = new ArrayList<>(List.of("", "Z", "2026-12-01T10:30:00", "2026-12-01T10:30:00.Z",
				"2026-12-01T10:30:00.1234567890Z", "2026-12-01T10:30:00+0200", "+02:00"));
		for (String example : valid) {
			texts.add(example);
			for (int i = 0; i < example.length(); i++) {
				texts.add(example.substring(0, i));
				texts.add(example.substring(0, i) + example.substring(i + 1));
				texts.add(example.substring(0, i + 1) + example.substring(i));
				for (char c : REPLACEMENTS.toCharArray()) {
					texts.add(example.substring(0, i) + c + example.substring(i + 1));
				}
			}
			texts.add(example + "0");
			texts.add(example + "Z");
		}
		int accepted = 0;
		for (String text : texts) {
			boolean expected = form.matcher(text).matches();
			assertThat(check.test(text)).as("%s of \"%s\"", name, text).isEqualTo(expected);
			accepted += expected ? 1 : 0;
		}
		// The mutations reach both sides of the form, not only refusals.
		assertThat(accepted).isGreaterThan(valid.size());
		assertThat(texts.size() - accepted).isGreaterThan(100);
	}

}
