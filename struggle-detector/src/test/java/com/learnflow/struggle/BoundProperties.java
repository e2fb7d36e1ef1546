package com.learnflow.struggle;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Configuration properties bound as the application binds them: the given values under
 * the record's prefix, and for the rest the defaults the record declares, so that tests
 * run with (and prove) the defaults production runs with.
 */
public final class BoundProperties {

	private BoundProperties() {
	}

	/** The record with its defaults alone. */
	public static <T> T defaults(Class<T> type) {
		return of(type, Map.of());
	}

	/**
	 * @param type a {@code @ConfigurationProperties} record
	 * @param values property names under its prefix (as {@code duplicate-window}) to
	 * values
	 */
	public static <T> T of(Class<T> type, Map<String, String> values) {
		String prefix = type.getAnnotation(ConfigurationProperties.class).value();
		Map<String, String> prefixed = new LinkedHashMap<>();
		values.forEach((name, value) -> prefixed.put(prefix + "." + name, value));
		return new Binder(new MapConfigurationPropertySource(prefixed)).bindOrCreate(prefix, type);
	}

}
