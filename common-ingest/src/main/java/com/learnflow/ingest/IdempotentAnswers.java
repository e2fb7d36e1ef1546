package com.learnflow.ingest;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.AsyncCache;
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

	/** Answers by topic and key; a pending publish is a future, so that the map is never locked while Kafka works. */
	private final ConcurrentMap<String, CompletableFuture<Answer>> answers;

	public IdempotentAnswers(IngestProperties.Idempotency properties) {
		AsyncCache<String, Answer> cache = Caffeine.newBuilder()
			.expireAfterWrite(properties.ttl())
			.maximumSize(properties.maxKeys())
			.buildAsync();
		this.answers = cache.asMap();
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
		String cacheKey = topic + "\n" + key;
		CompletableFuture<Answer> mine = new CompletableFuture<>();
		CompletableFuture<Answer> earlier = this.answers.putIfAbsent(cacheKey, mine);
		if (earlier == null) {
			try {
				Answer answer = new Answer(request, publish.apply(eventId(topic, key)), false);
				mine.complete(answer);
				return answer;
			}
			catch (RuntimeException ex) {
				// Only a published event is remembered: a retry after a failure publishes again.
				this.answers.remove(cacheKey, mine);
				mine.completeExceptionally(ex);
				throw ex;
			}
		}
		Answer answer;
		try {
			// A request with the same key still being published: wait for its outcome and share it.
			answer = earlier.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
		if (!answer.request().equals(request)) {
			throw new IdempotencyConflictException(key);
		}
		return new Answer(answer.request(), answer.event(), true);
	}

	/**
	 * @param request the request the key was first used with
	 * @param event where its event was written
	 * @param replayed whether this answer is a remembered one
	 */
	record Answer(Object request, PublishedEvent event, boolean replayed) {
	}

}
