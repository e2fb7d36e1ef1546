package com.learnflow.security;

import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header rules decide as Spring Security's default ones do: for a table of telling
 * headers, and for every single code point.
 */
class HeaderCharacterRulesTests {

	static Stream<Arguments> headers() {
		return Stream.of(Arguments.of("a bearer token", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", true, true),
				Arguments.of("empty", "", true, true), Arguments.of("a tab", "a\tb", false, true),
				Arguments.of("a line feed", "a\nb", false, false), Arguments.of("a NUL", "a\u0000b", false, false),
				Arguments.of("DEL", "a\u007Fb", false, false), Arguments.of("a C1 control", "a\u0085b", false, false),
				Arguments.of("a no-break space", "a\u00A0b", true, true),
				Arguments.of("an unassigned code point", "a\u0378b", false, false),
				Arguments.of("an emoji (a surrogate pair)", "a\uD83D\uDE00b", true, true),
				Arguments.of("a lone high surrogate", "a\uD83Db", true, true),
				Arguments.of("a lone low surrogate at the end", "ab\uDE00", true, true),
				Arguments.of("the line separator", "a\u2028b", true, true),
				Arguments.of("a private-use character", "a\uE000b", true, true));
	}

	@ParameterizedTest(name = "{0}: as a name {2}, as a value {3}")
	@MethodSource("headers")
	void decidesAsSpringSecurityDoes(String what, String text, boolean asName, boolean asValue) {
		assertThat(HeaderCharacterRules.NAMES.test(text)).isEqualTo(asName)
			.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(text));
		assertThat(HeaderCharacterRules.VALUES.test(text)).isEqualTo(asValue)
			.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(text));
	}

	@Test
	void everyCodePointIsDecidedAsSpringSecurityDecidesIt() {
		assertSameForEveryCodePoint(HeaderCharacterRules.NAMES, StrictHttpFirewall.ALLOWED_HEADER_NAMES);
		assertSameForEveryCodePoint(HeaderCharacterRules.VALUES, StrictHttpFirewall.ALLOWED_HEADER_VALUES);
	}

	private static void assertSameForEveryCodePoint(Predicate<String> ours, Predicate<String> springSecurity) {
		assertThat(IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
			.mapToObj((codePoint) -> "x" + Character.toString(codePoint) + "y")
			.filter((text) -> ours.test(text) != springSecurity.test(text))
			.map((text) -> Integer.toHexString(text.codePointAt(1)))).isEmpty();
	}

}
