package com.learnflow.ingest;

import java.nio.charset.StandardCharsets;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.common.header.Headers;

import com.learnflow.kafka.RecordHeadersContributor;

/**
 * Each record carries the trace context of the HTTP request that published it
 * ({@code traceparent}, W3C), so that a consumer continues the request's trace. Written
 * here instead of by an observation of every send, which cost about a quarter of a
 * batch's CPU (a span and timers per record); the request's own span covers the publish.
 */
class TraceContextHeaders implements RecordHeadersContributor {

	private final Tracer tracer;

	private final Propagator propagator;

	TraceContextHeaders(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	@Override
	public void contribute(Headers headers) {
		TraceContext context = this.tracer.currentTraceContext().context();
		if (context != null) {
			this.propagator.inject(context, headers, (carrier, name, value) -> {
				carrier.remove(name);
				carrier.add(name, value.getBytes(StandardCharsets.UTF_8));
			});
		}
	}

}
