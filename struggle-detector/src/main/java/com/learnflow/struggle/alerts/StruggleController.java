package com.learnflow.struggle.alerts;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.learnflow.events.StruggleDetected;

/**
 * The frontend reads a student's alerts of the last 3 days, newest first, from any replica, or follows new alerts as
 * Server-Sent Events.
 */
@RestController
class StruggleController {

	/** A stream ends after this long; the browser's EventSource reconnects by itself. */
	static final long STREAM_TIMEOUT_MS = 30 * 60 * 1000L;

	private final AlertView view;

	StruggleController(AlertView view) {
		this.view = view;
	}

	@GetMapping(path = "/api/v1/users/{user_id}/struggles", produces = MediaType.APPLICATION_JSON_VALUE)
	List<StruggleDetected> struggles(@PathVariable("user_id") UUID userId) {
		return this.view.alertsOf(userId);
	}

	@GetMapping(path = "/api/v1/struggles/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream(@RequestParam(name = "user_id", required = false) UUID userId) {
		SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MS);
		Runnable unsubscribe = this.view.subscribe((alert) -> {
			if (userId == null || userId.equals(alert.userId())) {
				try {
					emitter.send(SseEmitter.event().name(StruggleDetected.EVENT_TYPE).data(alert,
							MediaType.APPLICATION_JSON));
				}
				catch (IOException | IllegalStateException ex) {
					emitter.completeWithError(ex);
				}
			}
		}, emitter::complete);
		emitter.onCompletion(unsubscribe);
		emitter.onTimeout(unsubscribe);
		emitter.onError((ex) -> unsubscribe.run());
		return emitter;
	}

}
