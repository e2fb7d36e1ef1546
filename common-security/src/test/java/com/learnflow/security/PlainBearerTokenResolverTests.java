package com.learnflow.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The one-pass resolver answers every Authorization header as Spring Security's own
 * resolver does.
 */
class PlainBearerTokenResolverTests {

	@ParameterizedTest(name = "[{0}]")
	@CsvSource(delimiter = '|', nullValues = "NULL",
			value = { "Bearer abc.def-ghi_jkl~mno+pqr/stu==", "bearer abc", "BEARER abc", "Basic dXNlcjpwYXNz",
					"Bearer", "Bearer ", "Bearer  abc", "Bearer abc def", "Bearer abc=d", "Bearer ===",
					"Bearer a\u00e9b", "NULL", "Bearerabc", "Token abc" })
	void resolvesLikeSpringSecuritysResolver(String header) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/submissions");
		if (header != null) {
			request.addHeader("Authorization", header);
		}
		String expected;
		try {
			expected = new DefaultBearerTokenResolver().resolve(request);
		}
		catch (OAuth2AuthenticationException ex) {
			assertThatExceptionOfType(OAuth2AuthenticationException.class)
				.isThrownBy(() -> new PlainBearerTokenResolver().resolve(request))
				.satisfies(
						(mine) -> assertThat(mine.getError().getErrorCode()).isEqualTo(ex.getError().getErrorCode()));
			return;
		}
		assertThat(new PlainBearerTokenResolver().resolve(request)).isEqualTo(expected);
	}

}
