package com.learnflow.struggle.alerts;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.learnflow.security.Caller;
import com.learnflow.security.SecurityProblems;

/**
 * The frontend reads a student's alerts of the last 3 days, newest first, from any
 * replica, or follows new alerts as Server-Sent Events, resuming after the last one it
 * had with {@code Last-Event-ID}.
 */
@RestController
class StruggleController {

	static final String LAST_EVENT_ID = "Last-Event-ID";

	private final AlertView view;

	private final AlertStreams streams;

	StruggleController(AlertView view, AlertStreams streams) {
		this.view = view;
		this.streams = streams;
	}

	/**
	 * The view keeps each alert as the JSON its own mapper wrote, so the answer is those,
	 * joined.
	 */
	@GetMapping(path = "/api/v1/users/{user_id}/struggles", produces = MediaType.APPLICATION_JSON_VALUE)
	String struggles(@PathVariable("user_id") UUID userId) {
		Caller.current().requireReadOf(userId);
		return "[" + String.join(",", this.view.alertsOf(userId)) + "]";
	}

	@GetMapping(path = "/api/v1/struggles/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream(@RequestParam(name = "user_id", required = false) UUID userId,
			@RequestHeader HttpHeaders headers) {
		// Every student's alerts need struggles:read; a student's token may follow her
		// own only.
		if (userId == null) {
			Caller.current().requireReadOfAll();
		}
		else {
			Caller.current().requireReadOf(userId);
		}
		return this.streams.open(userId, resumeFrom(headers.get(LAST_EVENT_ID)));
	}

	/**
	 * The position a reconnecting client sent, {@code null} for none (EventSource sends
	 * none, or an empty one).
	 */
	private static StreamPosition resumeFrom(List<String> lastEventIds) {
		if (lastEventIds == null || lastEventIds.isEmpty()) {
			return null;
		}
		if (lastEventIds.size() > 1) {
			throw new InvalidLastEventIdException("must be sent once");
		}
		String lastEventId = lastEventIds.get(0);
		if (lastEventId.isEmpty()) {
			return null;
		}
		try {
			return StreamPosition.parse(lastEventId);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidLastEventIdException(ex.getMessage());
		}
	}

	/**
	 * A valid token that may not read these alerts (another student's, with a student's
	 * token): 403.
	 */
	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<Object> forbidden(AccessDeniedException ex) {
		return SecurityProblems.forbidden(ex);
	}

	@ExceptionHandler(InvalidLastEventIdException.class)
	ResponseEntity<ProblemDetail> invalidLastEventId(InvalidLastEventIdException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				LAST_EVENT_ID + " " + ex.getMessage() + "; send back the id of the last event received, or none.");
		problem.setTitle("Invalid " + LAST_EVENT_ID);
		problem.setProperty("errors", List.of(Map.of("field", LAST_EVENT_ID, "message", ex.getMessage())));
		return problem(problem, new HttpHeaders());
	}

	@ExceptionHandler(AlertStreams.StreamRefusedException.class)
	ResponseEntity<ProblemDetail> refused(AlertStreams.StreamRefusedException ex) {
		HttpStatus status = ex.isStudentCap() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				"No stream was opened: " + ex.getMessage() + ".");
		problem.setTitle(ex.isStudentCap() ? "Too many streams for this student" : "Too many streams on this replica");
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(ex.retryAfterSeconds()));
		return problem(problem, headers);
	}

	/**
	 * Named as problem+json explicitly: the client asked for text/event-stream, which a
	 * problem is not.
	 */
	private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem, HttpHeaders headers) {
		return ResponseEntity.status(problem.getStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	static class InvalidLastEventIdException extends RuntimeException {

		InvalidLastEventIdException(String message) {
			super(message);
		}

	}

}
