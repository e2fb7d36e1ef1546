package com.learnflow.ingest;

import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.learnflow.kafka.PublishFailedException;

/**
 * Answers every error of an ingest service as {@code application/problem+json} (RFC 9457) that says what is wrong,
 * with one entry per invalid field, and never with a stack trace.
 */
@RestControllerAdvice
public class IngestProblemAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(IngestProblemAdvice.class);

	/** How long a client should wait before retrying when Kafka is unavailable. */
	static final String RETRY_AFTER_SECONDS = "5";

	@ExceptionHandler(PublishFailedException.class)
	ResponseEntity<Object> kafkaUnavailable(PublishFailedException ex, WebRequest request) {
		log.warn("Publish failed: {}", ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The event was not accepted because Kafka did not acknowledge it in time. Retry later.");
		problem.setTitle("Event broker unavailable");
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new FieldProblem(fieldName(error), error.getDefaultMessage()))
			.sorted((a, b) -> a.field().compareTo(b.field()))
			.toList();
		return invalid(ex, errors, headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return invalid(ex, List.of(new FieldProblem(path(unknown), "unknown field")), headers, request);
		}
		if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			return invalid(ex, List.of(new FieldProblem(path(databind), "has the wrong type or format")), headers,
					request);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				(cause instanceof JacksonException) ? "The request body is not valid JSON."
						: "The request body is missing or cannot be read.");
		problem.setTitle("Malformed request body");
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	private ResponseEntity<Object> invalid(Exception ex, List<FieldProblem> errors, HttpHeaders headers,
			WebRequest request) {
		String fields = errors.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", "));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid fields: " + fields);
		problem.setTitle("Invalid request");
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	/** The JSON name of a field, as the client sent it: request fields are the snake_case of their Java names. */
	static String fieldName(FieldError error) {
		return error.getField().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
	}

	private static String path(DatabindException ex) {
		return ex.getPath()
			.stream()
			.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: "[" + reference.getIndex() + "]")
			.collect(Collectors.joining("."))
			.replace(".[", "[");
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
