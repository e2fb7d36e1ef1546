package com.learnflow.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import com.learnflow.kafka.PublishedEvent;

/**
 * The same {@code Idempotency-Key} on the same endpoint yields the same event id, on
 * every instance: the id is derived from the key. The instance that answered a key also
 * remembers its answer, so that a retry it receives is answered without publishing again.
 *
 * <p>
 * What is remembered is bounded by bytes, not by a number of keys, since keys differ in
 * length: each answer weighs its key, the SHA-256 hash of its request (the request itself
 * is not kept) and the answer.
 */
public class IdempotentAnswers {

	/** The longest key: what fits in a header and a log line. */
	public static final int MAX_KEY_LENGTH = 255;

	/** Printable ASCII, 1 to {@value #MAX_KEY_LENGTH} characters. */
	private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1," + MAX_KEY_LENGTH + "}");

	/**
	 * What one remembered answer takes besides the characters of its key, estimated for a
	 * 64-bit JVM with compressed references: the cache's node and map entry (about 100
	 * bytes), the future (24), the answer (24), its event (32) with the event id (32) and
	 * the topic's name (about 60), the key's String (40), and the hash (48, an array of
	 * 32 bytes).
	 */
	static final int FIXED_BYTES_PER_ANSWER = 360;

	/** The request's canonical form: the same request always gives the same bytes. */
	private static final JsonMapper CANONICAL = JsonMapper.builder()
		.enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.build();

	private final AsyncCache<String, Answer> cache;

	/**
	 * Answers by topic and key; a pending publish is a future, so that the map is never
	 * locked while Kafka works.
	 */
	private final ConcurrentMap<String, CompletableFuture<Answer>> answers;

	public IdempotentAnswers(IngestProperties.Idempotency properties) {
		this.cache = Caffeine.newBuilder()
			.expireAfterWrite(properties.ttl())
			.maximumWeight(properties.maxSize().toBytes())
			.weigher((String cacheKey, Answer answer) -> weight(cacheKey))
			.buildAsync();
		this.answers = this.cache.asMap();
	}

	static boolean isValid(String key) {
		return VALID_KEY.matcher(key).matches();
	}

	/** The event id that a key stands for on one topic. */
	static UUID eventId(String topic, String key) {
		return UUID.nameUUIDFromBytes((topic + "\n" + key).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The estimated bytes one remembered answer takes: keys and topics are ASCII, one
	 * byte a character.
	 */
	static int weight(String cacheKey) {
		return FIXED_BYTES_PER_ANSWER + cacheKey.length();
	}

	/**
	 * The SHA-256 hash of the request's canonical JSON, with its type, so that equal
	 * requests have equal hashes.
	 */
	static byte[] hash(Object request) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(request.getClass().getName().getBytes(StandardCharsets.UTF_8));
			digest.update((byte) '\n');
			return digest.digest(CANONICAL.writeValueAsBytes(request));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
	}

	/**
	 * The answer for this key: the remembered one, or the one {@code publish} gives,
	 * which is remembered only when publishing succeeds.
	 * @throws IdempotencyConflictException when the key was used for a different request
	 */
	Answer answer(String topic, String key, Object request, Function<UUID, PublishedEvent> publish) {
		Claim claim = claim(topic, key, request);
		if (claim.remembered() != null) {
			return claim.remembered();
		}
		try {
			return claim.publishedAs(publish.apply(claim.eventId()));
		}
		catch (RuntimeException ex) {
			claim.failed(ex);
			throw ex;
		}
	}

	/**
	 * Claims a key before its event is published: either its remembered answer, or the
	 * right to publish it, which must end in {@link Claim#publishedAs} or
	 * {@link Claim#failed}. A request with the same key that comes meanwhile waits for
	 * that outcome.
	 * @throws IdempotencyConflictException when the key was used for a different request
	 */
	Claim claim(String topic, String key, Object request) {
		String cacheKey = topic + "\n" + key;
		byte[] requestHash = hash(request);
		CompletableFuture<Answer> mine = new CompletableFuture<>();
		CompletableFuture<Answer> earlier = this.answers.putIfAbsent(cacheKey, mine);
		if (earlier == null) {
			return new Claim(cacheKey, eventId(topic, key), requestHash, mine, null);
		}
		Answer answer;
		try {
			// A request with the same key still being published: wait for its outcome and
			// share it.
			answer = earlier.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
		if (!MessageDigest.isEqual(answer.requestHash(), requestHash)) {
			throw new IdempotencyConflictException(key);
		}
		return new Claim(cacheKey, answer.event().eventId(), requestHash, null,
				new Answer(answer.requestHash(), answer.event(), true));
	}

	/**
	 * A claimed key: the event id it stands for, and either the answer remembered for it
	 * or the pending answer that this claim completes when it publishes.
	 */
	final class Claim {

		private final String cacheKey;

		private final UUID eventId;

		private final byte[] requestHash;

		private final CompletableFuture<Answer> pending;

		private final Answer remembered;

		private Claim(String cacheKey, UUID eventId, byte[] requestHash, CompletableFuture<Answer> pending,
				Answer remembered) {
			this.cacheKey = cacheKey;
			this.eventId = eventId;
			this.requestHash = requestHash;
			this.pending = pending;
			this.remembered = remembered;
		}

		UUID eventId() {
			return this.eventId;
		}

		/**
		 * The remembered answer, or {@code null} when the event is to be published now.
		 */
		Answer remembered() {
			return this.remembered;
		}

		/** The event was published: its answer is remembered. */
		Answer publishedAs(PublishedEvent event) {
			Answer answer = new Answer(this.requestHash, event, false);
			this.pending.complete(answer);
			return answer;
		}

		/**
		 * Only a published event is remembered: a retry after a failure publishes again.
		 */
		void failed(RuntimeException ex) {
			IdempotentAnswers.this.answers.remove(this.cacheKey, this.pending);
			this.pending.completeExceptionally(ex);
		}

	}

	/** The estimated bytes the remembered answers take, once evictions due are done. */
	long estimatedBytes() {
		this.cache.synchronous().cleanUp();
		return this.cache.synchronous().policy().eviction().orElseThrow().weightedSize().orElseThrow();
	}

	/** How many answers are remembered, once evictions due are done. */
	long size() {
		this.cache.synchronous().cleanUp();
		return this.cache.synchronous().estimatedSize();
	}

	/**
	 * @param requestHash the hash of the request the key was first used with
	 * @param event where its event was written
	 * @param replayed whether this answer is a remembered one
	 */
	record Answer(byte[] requestHash, PublishedEvent event, boolean replayed) {
	}

}
