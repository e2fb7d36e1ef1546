package com.learnflow.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import com.learnflow.events.InvalidEventException;
import com.learnflow.kafka.StrictJson;

/**
 * What is wrong with a request's fields, in the client's terms: the same words in a
 * single request's answer and in each item of a batch's.
 */
final class FieldProblems {

	private FieldProblems() {
	}

	/**
	 * A failure to read a request that names its fields, with the reason it is counted
	 * under, or {@code null} when the failure names no field (no body, or a body that is
	 * not JSON at all).
	 */
	static Rejection ofReadFailure(Throwable ex) {
		UnrecognizedPropertyException unknown = cause(ex, UnrecognizedPropertyException.class);
		if (unknown != null) {
			return new Rejection("unknown_field",
					List.of(new FieldProblem(path(unknown), "is not a field of this request")));
		}
		InvalidEventException invalidEvent = cause(ex, InvalidEventException.class);
		if (invalidEvent != null) {
			return ofInvalidEvent(invalidEvent);
		}
		String duplicate = StrictJson.duplicateField(ex);
		if (duplicate != null) {
			return new Rejection("duplicate_field",
					List.of(new FieldProblem(duplicate, "appears more than once; send each field once")));
		}
		JacksonException jackson = cause(ex, JacksonException.class);
		if (jackson != null && !jackson.getPath().isEmpty()) {
			return new Rejection("wrong_type", List.of(new FieldProblem(path(jackson), expectation(jackson))));
		}
		String unreadable = fieldWithoutValue(jackson);
		if (unreadable != null) {
			return new Rejection("malformed_json", List.of(new FieldProblem(unreadable,
					"has no valid JSON value (NaN, Infinity and unquoted text are not JSON)")));
		}
		return null;
	}

	/** An event record that refused its values. */
	static Rejection ofInvalidEvent(InvalidEventException ex) {
		return new Rejection("invalid_field", List.of(new FieldProblem(ex.field(), ex.problem())));
	}

	/** Bean Validation's violations, by field name and then message. */
	static Rejection ofViolations(Iterable<? extends ConstraintViolation<?>> violations) {
		List<FieldProblem> errors = new ArrayList<>();
		for (ConstraintViolation<?> violation : violations) {
			errors.add(new FieldProblem(fieldName(violation.getPropertyPath().toString()), violation.getMessage()));
		}
		return new Rejection("invalid_field", sorted(errors));
	}

	static List<FieldProblem> sorted(List<FieldProblem> errors) {
		return errors.stream()
			.sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message))
			.toList();
	}

	/**
	 * The JSON name of a field, as the client sent it: request fields are the snake_case
	 * of their Java names.
	 */
	static String fieldName(String javaName) {
		return javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}

	/** The first cause of this type in the exception's chain, or {@code null}. */
	static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * The field whose value is not JSON at all ({@code "score": NaN},
	 * {@code "success": tru}), or {@code null}. The parser is closed by then and has
	 * forgotten its token, so its message tells that it failed on a value; the name it
	 * stood at is then the field's.
	 */
	private static String fieldWithoutValue(JacksonException ex) {
		JsonParser parser = (ex instanceof StreamReadException read) ? read.processor() : null;
		String message = (ex != null) ? ex.getOriginalMessage() : null;
		if (parser != null && message != null
				&& (message.startsWith("Non-standard token") || message.startsWith("Unrecognized token"))) {
			return parser.currentName();
		}
		return null;
	}

	private static String path(JacksonException ex) {
		return ex.getPath()
			.stream()
			.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: "[" + reference.getIndex() + "]")
			.collect(Collectors.joining("."))
			.replace(".[", "[");
	}

	/** What the field should have been, in the client's terms. */
	private static String expectation(JacksonException ex) {
		if (ex instanceof InputCoercionException || (ex instanceof InvalidFormatException format
				&& format.getValue() instanceof Double value && value.isInfinite())) {
			return "is out of range";
		}
		if (!(ex instanceof DatabindException)) {
			// The parser failed inside the value: an unescaped control character, bytes
			// that are not UTF-8.
			return "is not valid JSON text";
		}
		String type = (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null)
				? mismatch.getTargetType().getSimpleName() : "";
		return switch (type) {
			case "UUID" ->
				"must be a UUID string of 8-4-4-4-12 hex digits, such as" + " 3f2a1c9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b";
			case "Boolean", "boolean" -> "must be true or false";
			case "Long", "long", "Integer", "int" -> "must be a whole number";
			case "Double", "double" -> "must be a number";
			case "OffsetDateTime" -> "must be an ISO-8601 timestamp with an offset, such as 2026-12-01T10:30:00Z";
			case "String" -> "must be a string";
			default -> "has the wrong type or format";
		};
	}

	/**
	 * Why a request was refused.
	 *
	 * @param reason the reason it is counted under
	 * ({@code learnflow.ingest.events{reason}})
	 * @param errors one entry per invalid field
	 */
	record Rejection(String reason, List<FieldProblem> errors) {

		/** The problem's detail: the invalid fields by name. */
		String detail() {
			return "Invalid fields: "
					+ this.errors.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", "));
		}

	}

}
