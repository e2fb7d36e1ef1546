package com.learnflow.ingest;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import com.learnflow.kafka.PublishedEvent;

/**
 * The same {@code Idempotency-Key} on the same endpoint yields the same event id, on every instance: the id is
 * derived from the key. The instance that answered a key also remembers its answer, so that a retry it receives is
 * answered without publishing again.
 */
public class IdempotentAnswers {

	/** Printable ASCII, 1 to 255 characters: what fits in a header and a log line. */
	private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

	private final Cache<String, Answer> answers;

	public IdempotentAnswers(IngestProperties.Idempotency properties) {
		this.answers = Caffeine.newBuilder()
			.expireAfterWrite(properties.ttl())
			.maximumSize(properties.maxKeys())
			.build();
	}

	static boolean isValid(String key) {
		return VALID_KEY.matcher(key).matches();
	}

	/** The event id that a key stands for on one topic. */
	static UUID eventId(String topic, String key) {
		return UUID.nameUUIDFromBytes((topic + "\n" + key).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The answer for this key: the remembered one, or the one {@code publish} gives, which is remembered only when
	 * publishing succeeds.
	 * @throws IdempotencyConflictException when the key was used for a different request
	 */
	Answer answer(String topic, String key, Object request, Function<UUID, PublishedEvent> publish) {
		boolean[] published = new boolean[1];
		Answer answer = this.answers.get(topic + "\n" + key, (cacheKey) -> {
			published[0] = true;
			return new Answer(request, publish.apply(eventId(topic, key)), false);
		});
		if (!answer.request().equals(request)) {
			throw new IdempotencyConflictException(key);
		}
		return published[0] ? answer : new Answer(answer.request(), answer.event(), true);
	}

	/**
	 * @param request the request the key was first used with
	 * @param event where its event was written
	 * @param replayed whether this answer is a remembered one
	 */
	record Answer(Object request, PublishedEvent event, boolean replayed) {
	}

}
