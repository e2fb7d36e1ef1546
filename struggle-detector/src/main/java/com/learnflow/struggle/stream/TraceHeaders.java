package com.learnflow.struggle.stream;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Of an input record's headers only the W3C trace context travels on, and only when it is
 * well formed: any client can write the input topics, so no other header (a
 * {@code __TypeId__}, a forged {@code ce_*}, a megabyte of junk) reaches the repartition
 * topic or an alert.
 */
final class TraceHeaders {

	/** W3C Trace Context: {@code version-traceid-parentid-flags}, lower-case hex. */
	private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

	/**
	 * W3C Trace Context allows at most 32 list members; 512 characters is what
	 * propagators are asked to keep.
	 */
	private static final Pattern TRACESTATE = Pattern.compile("[\\x20-\\x7E]{1,512}");

	static final List<String> ALLOWED = List.of("traceparent", "tracestate");

	private TraceHeaders() {
	}

	/**
	 * New headers holding only the last well-formed {@code traceparent} and, with it,
	 * {@code tracestate}.
	 */
	static Headers allowed(Headers input) {
		RecordHeaders allowed = new RecordHeaders();
		String traceparent = text(input.lastHeader("traceparent"));
		if (traceparent != null && TRACEPARENT.matcher(traceparent).matches()) {
			allowed.add("traceparent", traceparent.getBytes(StandardCharsets.US_ASCII));
			String tracestate = text(input.lastHeader("tracestate"));
			if (tracestate != null && TRACESTATE.matcher(tracestate).matches()) {
				allowed.add("tracestate", tracestate.getBytes(StandardCharsets.US_ASCII));
			}
		}
		return allowed;
	}

	private static String text(Header header) {
		if (header == null || header.value() == null || header.value().length > 512) {
			return null;
		}
		return new String(header.value(), StandardCharsets.US_ASCII);
	}

}
