package com.learnflow.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the API's security, under {@code learnflow.security.*}. The key source and
 * audience are Spring Boot's own resource-server settings
 * ({@code spring.security.oauth2.resourceserver.jwt.*}), which {@link SecurityDefaults}
 * fills from {@code LEARNFLOW_JWT_*}.
 *
 * @param issuer the {@code iss} every token must carry ({@code LEARNFLOW_JWT_ISSUER});
 * required
 * @param studentsPerSecond the events a student's token ({@code events:write:self}) may
 * post per second
 * @param studentsBurst how many a student's token may post at once
 * @param servicesPerSecond the events a trusted service's token ({@code events:write})
 * may post per second
 * @param servicesBurst how many a trusted service's token may post at once
 * @param maxSubjects how many subjects' rate-limit buckets are kept, of students and of
 * services each; the least recently seen go first
 * @param idleBucketExpiry how long an idle subject's bucket is kept
 * @param tokenCacheSize how many validated tokens are remembered (each until it expires,
 * about 3 KB each)
 */
@ConfigurationProperties("learnflow.security")
public record SecurityProperties(String issuer, @DefaultValue("20") int studentsPerSecond,
		@DefaultValue("100") int studentsBurst, @DefaultValue("100000") int servicesPerSecond,
		@DefaultValue("200000") int servicesBurst, @DefaultValue("100000") long maxSubjects,
		@DefaultValue("10m") Duration idleBucketExpiry, @DefaultValue("5000") long tokenCacheSize) {

	public SecurityProperties {
		if (issuer == null || issuer.isBlank()) {
			throw new IllegalArgumentException("learnflow.security.issuer (LEARNFLOW_JWT_ISSUER) must name the issuer"
					+ " whose tokens the API accepts, such as https://sso.example.com/realms/learnflow");
		}
		if (studentsPerSecond < 1 || servicesPerSecond < 1 || studentsBurst < 1 || servicesBurst < 1) {
			throw new IllegalArgumentException("learnflow.security rate limits must be at least 1");
		}
	}

}
