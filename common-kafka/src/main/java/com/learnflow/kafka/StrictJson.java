package com.learnflow.kafka;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.NumberDeserializers;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON is read exactly as written, as the documented schemas say: a string where a
 * boolean or number belongs, a fraction where a whole number belongs, a number or boolean
 * where a string belongs, a null for a required primitive, a whole number beyond a
 * {@code long}, a number beyond a {@code double} or given as a string ({@code "NaN"}), a
 * timestamp given as a number or in any but the documented form, a UUID in any but the
 * 8-4-4-4-12 hex form, a field given twice, or text after the object is an error, never a
 * silent conversion. Used by the ingest services for requests and by the detector for
 * input records.
 */
public final class StrictJson {

	/** The schemas' UUID form: 8-4-4-4-12 hex digits, either case. */
	public static final Pattern UUID_FORM = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	/**
	 * The event records' timestamp form, as their schemas state it: UTC, a four-digit
	 * year, at most milliseconds.
	 */
	static final Pattern INSTANT_FORM = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z");

	/**
	 * A request's timestamp: RFC 3339 with seconds, an offset and a four-digit year;
	 * upper-case T and Z.
	 */
	public static final Pattern OFFSET_DATE_TIME_FORM = Pattern
		.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");

	/**
	 * How Jackson's parser words a repeated field (Jackson 3:
	 * {@code Duplicate Object property "name"}).
	 */
	private static final String DUPLICATE_MESSAGE = "Duplicate Object property";

	private StrictJson() {
	}

	public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
		return builder.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			// Without it the last of two equal keys silently wins.
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			// Jackson turns numbers and booleans into strings even without scalar
			// coercion.
			.withCoercionConfig(LogicalType.Textual,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.addModule(strictScalars());
	}

	/**
	 * The field that a parse failure found twice, or {@code null} when the failure is of
	 * another kind.
	 * @param failure a failure of a mapper configured here, or an exception caused by one
	 */
	public static String duplicateField(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof StreamReadException read && read.getOriginalMessage() != null
					&& read.getOriginalMessage().startsWith(DUPLICATE_MESSAGE)) {
				String name = (read.processor() != null) ? read.processor().currentName() : null;
				if (name == null) {
					String message = read.getOriginalMessage();
					int open = message.indexOf('"');
					int close = message.lastIndexOf('"');
					name = (open >= 0 && close > open) ? message.substring(open + 1, close) : "";
				}
				return name;
			}
		}
		return null;
	}

	/**
	 * Jackson's own readers accept far more than the schemas: epoch numbers, numeric
	 * strings, five-digit and nine-digit years, lower-case {@code t}, missing seconds and
	 * {@code +0200} for timestamps; 22- and 24-character base64 and the empty string (as
	 * {@code null}) for UUIDs; {@code "NaN"}, {@code "Infinity"} and {@code 1e400} (as
	 * infinity) for doubles, even with scalar coercion off.
	 */
	private static SimpleModule strictScalars() {
		SimpleModule module = new SimpleModule("learnflow-strict-json");
		module.addDeserializer(UUID.class, new StringForm<>(UUID.class, TextForms::isUuid,
				"must be a UUID of 8-4-4-4-12 hex digits", UUID::fromString));
		module.addDeserializer(Instant.class, new StringForm<>(Instant.class, TextForms::isInstant,
				"must be a UTC timestamp such as 2026-12-01T10:30:00.123Z", Instant::parse));
		module.addDeserializer(OffsetDateTime.class,
				new StringForm<>(OffsetDateTime.class, TextForms::isOffsetDateTime,
						"must be an RFC 3339 timestamp with an offset, such as 2026-12-01T10:30:00Z",
						// Normalised to UTC as Jackson does by default, so that equal
						// instants are equal requests.
						(text) -> OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
							.withOffsetSameInstant(ZoneOffset.UTC)));
		module.addDeserializer(Double.class, new FiniteNumber(Double.class, null));
		module.addDeserializer(Double.TYPE, new FiniteNumber(Double.TYPE, 0.0));
		return module;
	}

	/** A value that only a JSON string of one documented form may give. */
	private static final class StringForm<T> extends StdScalarDeserializer<T> {

		private final Predicate<String> form;

		private final String expected;

		private final Function<String, T> parse;

		StringForm(Class<T> type, Predicate<String> form, String expected, Function<String, T> parse) {
			super(type);
			this.form = form;
			this.expected = expected;
			this.parse = parse;
		}

		@Override
		@SuppressWarnings("unchecked")
		public T deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
			if (!parser.hasToken(JsonToken.VALUE_STRING)) {
				return (T) context.handleUnexpectedToken(handledType(), parser);
			}
			String text = parser.getString();
			if (!this.form.test(text)) {
				throw context.weirdStringException(text, handledType(), this.expected);
			}
			try {
				return this.parse.apply(text);
			}
			catch (DateTimeException | IllegalArgumentException ex) {
				// The form is right but the value is not (2026-02-30, an offset beyond 18
				// hours).
				throw context.weirdStringException(text, handledType(), this.expected + ": " + ex.getMessage());
			}
		}

	}

	/**
	 * A double only from a JSON number, and only a finite one: {@code 1e400} is not
	 * silently infinity.
	 */
	private static final class FiniteNumber extends NumberDeserializers.DoubleDeserializer {

		FiniteNumber(Class<Double> type, Double nullValue) {
			super(type, nullValue);
		}

		@Override
		public Double deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
			if (parser.hasToken(JsonToken.VALUE_STRING)) {
				return (Double) context.handleUnexpectedToken(handledType(), parser);
			}
			Double value = super.deserialize(parser, context);
			if (value != null && !Double.isFinite(value)) {
				throw context.weirdNumberException(value, handledType(), "must be a finite number");
			}
			return value;
		}

	}

}
