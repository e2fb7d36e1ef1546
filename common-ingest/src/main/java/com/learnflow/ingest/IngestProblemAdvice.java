package com.learnflow.ingest;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.learnflow.events.EventTopic;
import com.learnflow.events.InvalidEventException;
import com.learnflow.ingest.FieldProblems.Rejection;
import com.learnflow.kafka.PublishFailedException;
import com.learnflow.security.SecurityProblems;

/**
 * Answers every error of an ingest service as {@code application/problem+json} (RFC 9457)
 * that says what is wrong, with one entry per invalid field, never with a stack trace,
 * and counts each rejection against its topic.
 */
@RestControllerAdvice
public class IngestProblemAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(IngestProblemAdvice.class);

	private final IngestMetrics metrics;

	private final IngestProperties properties;

	private final EventTopic<?> topic;

	public IngestProblemAdvice(IngestMetrics metrics, IngestProperties properties, EventTopic<?> topic) {
		this.metrics = metrics;
		this.properties = properties;
		this.topic = topic;
	}

	@ExceptionHandler(PublishFailedException.class)
	ResponseEntity<Object> brokerUnavailable(PublishFailedException ex, WebRequest request) {
		log.warn("Publish failed: {}", ex.getMessage());
		long retryAfter = this.properties.retryAfterSeconds();
		// After a timeout the broker may still write the record: only the same key makes
		// a retry harmless.
		String retry = (request.getHeader(EventIngestion.IDEMPOTENCY_KEY) != null)
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

	/**
	 * A valid token that may not post this event (another student's, with a student's
	 * token): 403, nothing published.
	 */
	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<Object> forbidden(AccessDeniedException ex, WebRequest request) {
		this.metrics.rejected(topic(request), "forbidden");
		return SecurityProblems.forbidden(ex);
	}

	@ExceptionHandler(InvalidEventException.class)
	ResponseEntity<Object> invalidEvent(InvalidEventException ex, WebRequest request) {
		return invalid(ex, FieldProblems.ofInvalidEvent(ex), request);
	}

	@ExceptionHandler(InvalidIdempotencyKeyException.class)
	ResponseEntity<Object> invalidIdempotencyKey(InvalidIdempotencyKeyException ex, WebRequest request) {
		return invalid(ex, new Rejection("invalid_idempotency_key",
				List.of(new FieldProblem(EventIngestion.IDEMPOTENCY_KEY, ex.getMessage()))), request);
	}

	@ExceptionHandler(IdempotencyConflictException.class)
	ResponseEntity<Object> idempotencyConflict(IdempotencyConflictException ex, WebRequest request) {
		this.metrics.rejected(topic(request), "idempotency_conflict");
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				ex.getMessage() + ". Use a new key for a new request.");
		problem.setTitle("Idempotency-Key reused");
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.UNPROCESSABLE_CONTENT, request);
	}

	/**
	 * A batch refused as a whole (not an array, too many events, over the rate limit, too
	 * many at once).
	 */
	@ExceptionHandler(BatchRefusedException.class)
	ResponseEntity<Object> batchRefused(BatchRefusedException ex, WebRequest request) {
		this.metrics.rejected(topic(request), ex.reason());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
		problem.setTitle(ex.title());
		HttpHeaders headers = new HttpHeaders();
		if (ex.retryAfterSeconds() > 0) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()));
		}
		return handleExceptionInternal(ex, problem, headers, ex.status(), request);
	}

	/**
	 * A batch of which no item was accepted: the items' common status (or 400), with each
	 * item's problem.
	 */
	@ExceptionHandler(BatchNotAcceptedException.class)
	ResponseEntity<Object> batchNotAccepted(BatchNotAcceptedException ex, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(),
				"No event of the batch was accepted; results gives each item's problem, in order.");
		problem.setTitle("Batch not accepted");
		problem.setProperty("accepted", 0);
		problem.setProperty("refused", ex.answer().refused());
		problem.setProperty("results", ex.answer().results());
		HttpHeaders headers = new HttpHeaders();
		if (ex.status() == HttpStatus.SERVICE_UNAVAILABLE) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(this.properties.retryAfterSeconds()));
		}
		return handleExceptionInternal(ex, problem, headers, ex.status(), request);
	}

	/**
	 * Anything unexpected is a 500 that says so, logged here with its stack trace and
	 * never sent to the client.
	 */
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
			.map((error) -> new FieldProblem(FieldProblems.fieldName(error.getField()), error.getDefaultMessage()))
			.toList();
		return invalid(ex, new Rejection("invalid_field", FieldProblems.sorted(errors)), request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		BodyTooLargeException tooLarge = FieldProblems.cause(ex, BodyTooLargeException.class);
		if (tooLarge != null) {
			this.metrics.rejected(topic(request), "body_too_large");
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
					"The request body is larger than " + tooLarge.limit() + " bytes.");
			problem.setTitle("Request body too large");
			return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
		}
		Rejection rejection = FieldProblems.ofReadFailure(ex);
		if (rejection != null) {
			return invalid(ex, rejection, request);
		}
		boolean missing = FieldProblems.cause(ex, JacksonException.class) == null;
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

	private ResponseEntity<Object> invalid(Exception ex, Rejection rejection, WebRequest request) {
		this.metrics.rejected(topic(request), rejection.reason());
		ProblemDetail problem = invalidRequest(rejection);
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
	}

	/** The problem answer of an invalid request, or of an invalid item of a batch. */
	static ProblemDetail invalidRequest(Rejection rejection) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, rejection.detail());
		problem.setTitle("Invalid request");
		problem.setProperty("errors", rejection.errors());
		return problem;
	}

	/**
	 * The service's topic for a request to its API
	 * ({@value IngestAutoConfiguration#API_PREFIX}); else unknown.
	 */
	private String topic(WebRequest request) {
		if (request instanceof ServletWebRequest servlet) {
			HttpServletRequest http = servlet.getRequest();
			if (http.getRequestURI().startsWith(http.getContextPath() + IngestAutoConfiguration.API_PREFIX)) {
				return this.topic.name();
			}
		}
		return IngestMetrics.UNKNOWN_TOPIC;
	}

}
