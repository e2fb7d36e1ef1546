package com.learnflow.ingest;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request body larger than the limit (a batch's, on a path ending in
 * {@value #BATCH_SUFFIX}, has its own) is refused as soon as that is known, from its
 * {@code Content-Length} or while it is read, so that a huge body is never buffered; the
 * refusal becomes a 413 problem answer.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	/** How the path of every batch endpoint ends. */
	static final String BATCH_SUFFIX = "/batch";

	private final long limit;

	private final long batchLimit;

	public RequestBodyLimitFilter(long limit, long batchLimit) {
		this.limit = limit;
		this.batchLimit = batchLimit;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long applying = request.getRequestURI().endsWith(BATCH_SUFFIX) ? this.batchLimit : this.limit;
		chain.doFilter(new LimitedRequest(request, applying), response);
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.limit, getContentLengthLong());
			}
			return this.stream;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limit;

		private final boolean declaredTooLarge;

		private long read;

		LimitedInputStream(ServletInputStream delegate, long limit, long contentLength) {
			this.delegate = delegate;
			this.limit = limit;
			this.declaredTooLarge = contentLength > limit;
		}

		@Override
		public int read() throws IOException {
			checkWithinLimit();
			int value = this.delegate.read();
			if (value >= 0) {
				this.read++;
				checkWithinLimit();
			}
			return value;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			checkWithinLimit();
			// Read at most one byte past the limit: enough to know that the body is too
			// large.
			int count = this.delegate.read(buffer, offset, (int) Math.min(length, this.limit + 1 - this.read));
			if (count > 0) {
				this.read += count;
				checkWithinLimit();
			}
			return count;
		}

		private void checkWithinLimit() throws BodyTooLargeException {
			if (this.declaredTooLarge || this.read > this.limit) {
				throw new BodyTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
