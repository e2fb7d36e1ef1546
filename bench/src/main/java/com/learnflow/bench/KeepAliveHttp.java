package com.learnflow.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.learnflow.localstack.LocalStack;

/**
 * The load generator's HTTP/1.1 client: one keep-alive connection per thread and port, a
 * request written as one buffer, the answer read by its {@code Content-Length} or chunks.
 * It costs the generator a fraction of what {@code HttpURLConnection} does, so that on a
 * small machine the services, not the generator, get the CPU.
 *
 * <p>
 * A connection the service closed while idle is noticed when the answer ends or the
 * connection is reset before the answer's first byte; the request is then sent once more
 * on a new connection. A service that read a request answers it before closing (Tomcat
 * does), so the request is not sent twice.
 *
 * <p>
 * Every request carries {@code Authorization: Bearer} with the stack's tool token
 * ({@link LocalStack#toolToken}: {@code LEARNFLOW_TOKEN}, or a service token of the local
 * key); it is part of each connection's fixed request head.
 */
final class KeepAliveHttp {

	/** The bearer token the tools send (wrk's script too). */
	static final String TOKEN = LocalStack.fromEnvironment().toolToken("learnflow-tools", Duration.ofDays(7));

	/**
	 * The {@code Authorization} header line of every request to the services'
	 * {@code /api} paths.
	 */
	static final String AUTHORIZATION = authorization(TOKEN);

	private static final ThreadLocal<Map<Integer, Connection>> CONNECTIONS = ThreadLocal.withInitial(HashMap::new);

	private KeepAliveHttp() {
	}

	/**
	 * An answer.
	 *
	 * @param status the HTTP status
	 * @param body the body, as text
	 */
	record Answer(int status, String body) {
	}

	/**
	 * Posts a JSON body to {@code http://127.0.0.1:port/path} and reads the whole answer.
	 */
	static Answer post(int port, String path, byte[] json) throws IOException {
		return post(port, path, json, "");
	}

	/** The same, with further request headers, given as {@code Name: value\r\n} lines. */
	static Answer post(int port, String path, byte[] json, String headerLines) throws IOException {
		Map<Integer, Connection> connections = CONNECTIONS.get();
		Connection connection = connections.get(port);
		boolean reused = connection != null;
		if (connection == null) {
			connection = open(connections, port);
		}
		try {
			return connection.post(path, json, headerLines);
		}
		catch (IOException | RuntimeException ex) {
			discard(connections, port, connection);
			if (!reused || connection.answered || ex instanceof RuntimeException) {
				throw ex;
			}
			// An idle connection the service had closed (an end of stream or a reset
			// before any answer byte).
			Connection fresh = open(connections, port);
			try {
				return fresh.post(path, json, headerLines);
			}
			catch (IOException | RuntimeException retryFailure) {
				discard(connections, port, fresh);
				throw retryFailure;
			}
		}
	}

	/**
	 * The header line for a bearer token ({@code Name: value\r\n}).
	 */
	static String authorization(String token) {
		String trimmed = token.strip();
		// A JWT is base64url and dots; anything else would end up in the request head as
		// something else.
		if (!trimmed.matches("[A-Za-z0-9._~+/=-]+")) {
			throw new IllegalArgumentException("LEARNFLOW_TOKEN is not a bearer token (RFC 6750 token68)");
		}
		return "Authorization: Bearer " + trimmed + "\r\n";
	}

	private static Connection open(Map<Integer, Connection> connections, int port) throws IOException {
		Connection connection = new Connection(port);
		connections.put(port, connection);
		return connection;
	}

	private static void discard(Map<Integer, Connection> connections, int port, Connection connection) {
		connections.remove(port, connection);
		connection.close();
	}

	private static final class Connection {

		private final Socket socket;

		private final OutputStream out;

		private final InputStream in;

		/**
		 * What every request's head says after the request line, up to the request's own
		 * header lines.
		 */
		private final String fixedHead;

		/** Whether the answer being read has begun. */
		private boolean answered;

		Connection(int port) throws IOException {
			this.socket = new Socket();
			this.socket.setTcpNoDelay(true);
			this.socket.setSoTimeout(30_000);
			this.socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			this.out = this.socket.getOutputStream();
			this.in = new BufferedInputStream(this.socket.getInputStream(), 8192);
			this.fixedHead = " HTTP/1.1\r\nHost: 127.0.0.1:" + port
					+ "\r\nContent-Type: application/json\r\nAccept: application/json\r\n" + AUTHORIZATION;
		}

		Answer post(String path, byte[] json, String headerLines) throws IOException {
			this.answered = false;
			byte[] head = ("POST " + path + this.fixedHead + headerLines + "Content-Length: " + json.length
					+ "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII);
			byte[] request = new byte[head.length + json.length];
			System.arraycopy(head, 0, request, 0, head.length);
			System.arraycopy(json, 0, request, head.length, json.length);
			this.out.write(request);
			this.out.flush();
			String statusLine = line();
			int status = Integer.parseInt(statusLine.substring(9, 12));
			long length = -1;
			boolean chunked = false;
			boolean close = false;
			for (String header = line(); !header.isEmpty(); header = line()) {
				String lower = header.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					length = Long.parseLong(lower.substring(15).trim());
				}
				else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
				else if (lower.startsWith("connection:") && lower.contains("close")) {
					close = true;
				}
			}
			ByteArrayOutputStream body = new ByteArrayOutputStream(256);
			if (chunked) {
				for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0; size = Integer
					.parseInt(line().split(";")[0].trim(), 16)) {
					body.write(this.in.readNBytes(size));
					line();
				}
				line();
			}
			else if (length > 0) {
				body.write(this.in.readNBytes((int) length));
			}
			if (close) {
				CONNECTIONS.get().remove(this.socket.getPort(), this);
				close();
			}
			return new Answer(status, body.toString(StandardCharsets.UTF_8));
		}

		/**
		 * One header line without its CRLF; EOF before the answer's first byte means the
		 * connection was closed.
		 */
		private String line() throws IOException {
			StringBuilder line = new StringBuilder(64);
			for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
				if (b < 0) {
					throw new EOFException(
							"the connection closed " + (this.answered ? "mid-answer" : "before the answer"));
				}
				this.answered = true;
				if (b != '\r') {
					line.append((char) b);
				}
			}
			return line.toString();
		}

		void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}

	}

}
