package com.learnflow.security;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.web.cors.CorsConfigurationSource;

import static com.learnflow.security.Scopes.authority;

/**
 * Every LearnFlow service is an OAuth 2.0 resource server: each {@code /api/**} request
 * needs a bearer JWT whose signature, {@code iss}, {@code aud}, {@code exp} and
 * {@code nbf} check out (Spring Security's own validation), and the scope its method
 * needs; probes, metrics and the API description stay open, for the kubelet, Prometheus
 * and the local stack.
 */
@AutoConfiguration(before = OAuth2ResourceServerAutoConfiguration.class)
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityAutoConfiguration {

	/**
	 * Spring Boot's decoder checks signature, time and audience; this adds the issuer,
	 * which it checks only with a JWK Set.
	 */
	@Bean
	OAuth2TokenValidator<Jwt> learnflowIssuerValidator(SecurityProperties properties) {
		return new JwtIssuerValidator(properties.issuer());
	}

	/**
	 * Bearer tokens are checked by Spring Security's JWT provider on Spring Boot's
	 * decoder, behind a cache of the tokens it has already authenticated
	 * ({@link CachingTokenAuthentication}); one cache for both chains.
	 */
	@Bean
	CachingTokenAuthentication learnflowTokenAuthentication(ObjectProvider<JwtDecoder> decoders,
			SecurityProperties properties) {
		JwtDecoder decoder = decoders.getIfAvailable();
		if (decoder == null) {
			throw new IllegalStateException("No token key source is configured: set LEARNFLOW_JWT_JWK_SET_URI (an"
					+ " identity provider's JWK Set) or LEARNFLOW_JWT_PUBLIC_KEY (a PEM public key)");
		}
		// The provider itself, not a ProviderManager: that one would publish an
		// AuthenticationSuccessEvent into the application context on every request,
		// which nothing here listens to and which costs a listener lookup each time.
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
		return new CachingTokenAuthentication(provider::authenticate, properties.tokenCacheSize(), Clock.systemUTC());
	}

	/**
	 * The security filters are not observed one by one (a span and a timer per filter per
	 * request, about a tenth of a request's CPU); the request's own observation still
	 * times and traces it.
	 */
	@Bean
	SecurityObservationSettings learnflowSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * The per-subject write quota: one event per request in the filter chain, the rest of
	 * a batch's by the batch.
	 */
	@Bean
	WriteQuota learnflowWriteQuota(SecurityProperties properties) {
		return new WriteQuota(properties);
	}

	/**
	 * Spring Security's strict firewall, with its header rules checked without a regular
	 * expression.
	 */
	@Bean
	HttpFirewall learnflowHttpFirewall() {
		return HeaderCharacterRules.firewall();
	}

	/**
	 * The API's chain: {@code /api/**} only, so that its requests pass no matcher but
	 * this one's and no filter they do not need (no servlet API wrapper of the request,
	 * which only actuator asks for the caller). A write needs a write scope and a read a
	 * read scope; the controllers check whose events and alerts ({@link Caller}).
	 */
	@Bean
	@Order(1)
	SecurityFilterChain learnflowApiSecurity(HttpSecurity http, WriteQuota quota, CachingTokenAuthentication tokens,
			@Qualifier("corsConfigurationSource") ObjectProvider<CorsConfigurationSource> corsSources)
			throws Exception {
		statelessBearerTokens(http.securityMatcher("/api/**"), tokens, corsSources)
			.servletApi((servletApi) -> servletApi.disable())
			.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.POST, "/api/**")
				.hasAnyAuthority(authority(Scopes.EVENTS_WRITE), authority(Scopes.EVENTS_WRITE_SELF))
				.requestMatchers(HttpMethod.GET, "/api/**")
				.hasAnyAuthority(authority(Scopes.STRUGGLES_READ), authority(Scopes.STRUGGLES_READ_SELF))
				.requestMatchers(HttpMethod.OPTIONS, "/api/**")
				.permitAll()
				.anyRequest()
				.denyAll())
			.addFilterAfter(new WriteRateLimit(quota), BearerTokenAuthenticationFilter.class);
		return http.build();
	}

	/**
	 * Every other path: probes, metrics and the API description are open to anyone,
	 * health's details are shown to a token with {@code ops:read} (actuator asks the
	 * servlet API for the caller's roles), and the rest is refused.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain learnflowOperationsSecurity(HttpSecurity http, CachingTokenAuthentication tokens,
			@Qualifier("corsConfigurationSource") ObjectProvider<CorsConfigurationSource> corsSources)
			throws Exception {
		statelessBearerTokens(http, tokens, corsSources).authorizeHttpRequests((requests) -> requests
			.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info")
			.permitAll()
			.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/error")
			.permitAll()
			.anyRequest()
			.denyAll());
		return http.build();
	}

	/**
	 * What both chains share: bearer tokens checked by the JWT provider, answers as
	 * problem details, the service's CORS rules (a {@link CorsConfigurationSource} named
	 * {@code corsConfigurationSource}; Spring MVC's handler introspector is one too, and
	 * looks up the handler on every request) before any other check, and nothing kept
	 * between requests.
	 */
	private static HttpSecurity statelessBearerTokens(HttpSecurity http, CachingTokenAuthentication tokens,
			ObjectProvider<CorsConfigurationSource> corsSources) throws Exception {
		SecurityProblems problems = new SecurityProblems();
		PlainBearerTokenResolver resolver = new PlainBearerTokenResolver();
		// A stateless API: no session, no CSRF token, no login or logout, no saved
		// request, no anonymous user; the
		// security context lives in the request. Each of these is a filter that every
		// request would pass, and some
		// wrap the request or the response.
		return http.csrf((csrf) -> csrf.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.anonymous((anonymous) -> anonymous.disable())
			.sessionManagement((sessions) -> sessions.disable())
			.securityContext(
					(context) -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			// The headers a JSON API needs (OWASP's REST cheat sheet): no caching of the
			// answer, no content
			// sniffing, no framing. Not the HTTP/1.0 Pragma and Expires, nor
			// X-XSS-Protection, which only disables
			// a browser filter that no current browser has.
			.headers((headers) -> headers.cacheControl((cache) -> cache.disable())
				.xssProtection((xss) -> xss.disable())
				.addHeaderWriter(new StaticHeadersWriter(HttpHeaders.CACHE_CONTROL, "no-store"))
				.addObjectPostProcessor(headersWrittenEagerly()))
			.cors((cors) -> cors.configurationSource(corsSources.getIfAvailable(() -> (request) -> null)))
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> jwt.authenticationManager(tokens))
				.bearerTokenResolver(resolver)
				// The token alone: no authentication details (the caller's address and
				// session), which nothing here reads.
				.authenticationConverter((request) -> {
					String token = resolver.resolve(request);
					return (token != null) ? new BearerTokenAuthenticationToken(token) : null;
				})
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
	}

	/**
	 * The security headers are fixed, so they are written before the request, without
	 * wrapping the response.
	 */
	private static ObjectPostProcessor<HeaderWriterFilter> headersWrittenEagerly() {
		return new ObjectPostProcessor<HeaderWriterFilter>() {
			@Override
			public <F extends HeaderWriterFilter> F postProcess(F filter) {
				filter.setShouldWriteHeadersEagerly(true);
				return filter;
			}
		};
	}

}
