package com.learnflow.ingest;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.learnflow.events.InvalidEventException;
import com.learnflow.kafka.PublishFailedException;
import com.learnflow.security.SecurityProblems;
import com.learnflow.kafka.StrictJson;

/**
 * Answers every error of an ingest service as {@code application/problem+json} (RFC 9457) that says what is wrong,
 * with one entry per invalid field, never with a stack trace, and counts each rejection against its topic.
 */
@RestControllerAdvice
public class IngestProblemAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(IngestProblemAdvice.class);

	private final IngestMetrics metrics;

	private final IngestProperties properties;

	private final BeanFactory beanFactory;

	public IngestProblemAdvice(IngestMetrics metrics, IngestProperties properties, BeanFactory beanFactory) {
		this.metrics = metrics;
		this.properties = properties;
		this.beanFactory = beanFactory;
	}

	@ExceptionHandler(PublishFailedException.class)
	ResponseEntity<Object> brokerUnavailable(PublishFailedException ex, WebRequest request) {
		log.warn("Publish failed: {}", ex.getMessage());
		long retryAfter = Math.max(1, this.properties.retryAfter().toSeconds());
		// After a timeout the broker may still write the record: only the same key makes a retry harmless.
		String retry = (request.getHeader(IngestEndpoint.IDEMPOTENCY_KEY) != null)
				? " Retry after " + retryAfter + " s with the same Idempotency-Key: the retry yields the same"
						+ " event_id, so the event is not duplicated."
				: " Retry after " + retryAfter + " s. This request had no Idempotency-Key, so a retry may duplicate"
						+ " the event; send one with every request (the same on each retry of one action).";
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"Kafka did not acknowledge the event in time. It may still have been written." + retry);
		problem.setTitle("Event broker unavailable");
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		return handleExceptionInternal(ex, problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
	}

	/** A valid token that may not post this event (another student's, with a student's token): 403, nothing published. */
	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<Object> forbidden(AccessDeniedException ex, WebRequest request) {
		this.metrics.rejected(topic(request), "forbidden");
		return SecurityProblems.forbidden(ex);
	}

	@ExceptionHandler(InvalidEventException.class)
	ResponseEntity<Object> invalidEvent(InvalidEventException ex, WebRequest request) {
		return invalid(ex, List.of(new FieldProblem(ex.field(), ex.problem())), "invalid_field", request);
	}

	@ExceptionHandler(InvalidIdempotencyKeyException.class)
	ResponseEntity<Object> invalidIdempotencyKey(InvalidIdempotencyKeyException ex, WebRequest request) {
		return invalid(ex, List.of(new FieldProblem(IngestEndpoint.IDEMPOTENCY_KEY, ex.getMessage())),
				"invalid_idempotency_key", request);
	}

	@ExceptionHandler(IdempotencyConflictException.class)
	ResponseEntity<Object> idempotencyConflict(IdempotencyConflictException ex, WebRequest request) {
		this.metrics.rejected(topic(request), "idempotency_conflict");
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage()
				+ ". Use a new key for a new request.");
		problem.setTitle("Idempotency-Key reused");
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.UNPROCESSABLE_CONTENT, request);
	}

	/** Anything unexpected is a 500 that says so, logged here with its stack trace and never sent to the client. */
	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
		log.error("Unexpected error answering {}", request.getDescription(false), ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The request could not be processed because of an internal error.");
		problem.setTitle("Internal error");
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new FieldProblem(fieldName(error), error.getDefaultMessage()))
			.sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message))
			.toList();
		return invalid(ex, errors, "invalid_field", request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		BodyTooLargeException tooLarge = cause(ex, BodyTooLargeException.class);
		if (tooLarge != null) {
			this.metrics.rejected(topic(request), "body_too_large");
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
					"The request body is larger than " + tooLarge.limit() + " bytes.");
			problem.setTitle("Request body too large");
			return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
		}
		UnrecognizedPropertyException unknown = cause(ex, UnrecognizedPropertyException.class);
		if (unknown != null) {
			return invalid(ex, List.of(new FieldProblem(path(unknown), "is not a field of this request")),
					"unknown_field", request);
		}
		InvalidEventException invalidEvent = cause(ex, InvalidEventException.class);
		if (invalidEvent != null) {
			return invalidEvent(invalidEvent, request);
		}
		String duplicate = StrictJson.duplicateField(ex);
		if (duplicate != null) {
			return invalid(ex, List.of(new FieldProblem(duplicate, "appears more than once; send each field once")),
					"duplicate_field", request);
		}
		JacksonException jackson = cause(ex, JacksonException.class);
		if (jackson != null && !jackson.getPath().isEmpty()) {
			return invalid(ex, List.of(new FieldProblem(path(jackson), expectation(jackson))), "wrong_type", request);
		}
		String unreadable = fieldWithoutValue(jackson);
		if (unreadable != null) {
			return invalid(ex, List.of(new FieldProblem(unreadable,
					"has no valid JSON value (NaN, Infinity and unquoted text are not JSON)")), "malformed_json",
					request);
		}
		boolean missing = jackson == null;
		this.metrics.rejected(topic(request), missing ? "missing_body" : "malformed_json");
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				missing ? "The request body is missing." : "The request body is not a valid JSON object.");
		problem.setTitle("Malformed request body");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		this.metrics.rejected(topic(request), "unsupported_media_type");
		return super.handleHttpMediaTypeNotSupported(ex, headers, status, request);
	}

	private ResponseEntity<Object> invalid(Exception ex, List<FieldProblem> errors, String reason,
			WebRequest request) {
		this.metrics.rejected(topic(request), reason);
		String fields = errors.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", "));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid fields: " + fields);
		problem.setTitle("Invalid request");
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
	}

	/** The first cause of this type in the exception's chain, or {@code null}. */
	private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/** The topic of the endpoint that received the request, when it is an ingest endpoint. */
	private String topic(WebRequest request) {
		Object handler = request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE,
				RequestAttributes.SCOPE_REQUEST);
		if (handler instanceof HandlerMethod method) {
			Object bean = (method.getBean() instanceof String name) ? this.beanFactory.getBean(name) : method.getBean();
			if (bean instanceof IngestEndpoint<?> endpoint) {
				return endpoint.topic().name();
			}
		}
		return IngestMetrics.UNKNOWN_TOPIC;
	}

	/** The JSON name of a field, as the client sent it: request fields are the snake_case of their Java names. */
	static String fieldName(FieldError error) {
		return error.getField().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}

	/**
	 * The field whose value is not JSON at all ({@code "score": NaN}, {@code "success": tru}), or {@code null}. The
	 * parser is closed by then and has forgotten its token, so its message tells that it failed on a value; the name
	 * it stood at is then the field's.
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
		if (ex instanceof InputCoercionException
				|| (ex instanceof InvalidFormatException format && format.getValue() instanceof Double value
						&& value.isInfinite())) {
			return "is out of range";
		}
		if (!(ex instanceof DatabindException)) {
			// The parser failed inside the value: an unescaped control character, bytes that are not UTF-8.
			return "is not valid JSON text";
		}
		String type = (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null)
				? mismatch.getTargetType().getSimpleName() : "";
		return switch (type) {
			case "UUID" -> "must be a UUID string of 8-4-4-4-12 hex digits, such as"
					+ " 3f2a1c9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b";
			case "Boolean", "boolean" -> "must be true or false";
			case "Long", "long", "Integer", "int" -> "must be a whole number";
			case "Double", "double" -> "must be a number";
			case "OffsetDateTime" -> "must be an ISO-8601 timestamp with an offset, such as 2026-12-01T10:30:00Z";
			case "String" -> "must be a string";
			default -> "has the wrong type or format";
		};
	}

	/**
	 * One invalid field of a request.
	 *
	 * @param field the field's JSON name
	 * @param message what is wrong with it
	 */
	public record FieldProblem(String field, String message) {
	}

}
