package com.learnflow.bench;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The load generator's HTTP client against a real socket server on 127.0.0.1 that answers
 * with canned bytes: the answer forms Tomcat uses, keep-alive, and a connection closed by
 * the server.
 */
class KeepAliveHttpTests {

	private static final byte[] BODY = "{\"user_id\":\"u\"}".getBytes(StandardCharsets.UTF_8);

	private CannedServer server;

	@AfterEach
	void stop() throws IOException {
		if (this.server != null) {
			this.server.close();
		}
	}

	static Stream<Arguments> answers() {
		return Stream.of(arguments("a body by Content-Length",
				"HTTP/1.1 202 \r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n{\"event_id\":\"e1\"}",
				202, "{\"event_id\":\"e1\"}"),
				arguments("a chunked body",
						"HTTP/1.1 202 \r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
						202, "hello world"),
				arguments("a chunk with an extension and upper-case hex",
						"HTTP/1.1 400 \r\ntransfer-encoding: chunked\r\n\r\nA;x=y\r\n0123456789\r\n0\r\n\r\n", 400,
						"0123456789"),
				arguments("no body", "HTTP/1.1 503 \r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n", 503, ""));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("answers")
	void readsTheAnswerAndKeepsTheConnection(String name, String answer, int status, String body) throws Exception {
		this.server = new CannedServer(answer, Behaviour.KEEP_ALIVE);
		for (int i = 0; i < 3; i++) {
			KeepAliveHttp.Answer read = KeepAliveHttp.post(this.server.port(), "/api/v1/x", BODY);
			assertThat(read.status()).isEqualTo(status);
			assertThat(read.body()).isEqualTo(body);
		}
		assertThat(this.server.requests()).hasValue(3);
		assertThat(this.server.connections()).hasValue(1);
	}

	@Test
	void opensANewConnectionAfterTheServerSaidConnectionClose() throws Exception {
		this.server = new CannedServer("HTTP/1.1 202 \r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}",
				Behaviour.CLOSE_AFTER_ANSWER);
		for (int i = 0; i < 3; i++) {
			assertThat(KeepAliveHttp.post(this.server.port(), "/x", BODY).status()).isEqualTo(202);
		}
		assertThat(this.server.requests()).hasValue(3);
		assertThat(this.server.connections()).hasValue(3);
	}

	@Test
	void sendsOnceMoreWhenAnIdleConnectionWasClosedBeforeTheRequestWasRead() throws Exception {
		this.server = new CannedServer("HTTP/1.1 202 \r\nContent-Length: 2\r\n\r\n{}", Behaviour.DROP_IDLE_CONNECTION);
		assertThat(KeepAliveHttp.post(this.server.port(), "/x", BODY).status()).isEqualTo(202);
		assertThat(KeepAliveHttp.post(this.server.port(), "/x", BODY).status()).isEqualTo(202);
		// The second request was read once, on the second connection: nothing was sent
		// twice to the service.
		assertThat(this.server.requests()).hasValue(2);
		assertThat(this.server.connections()).hasValue(2);
	}

	@Test
	void doesNotSendAgainWhenTheAnswerBrokeOff() throws Exception {
		this.server = new CannedServer("HTTP/1.1 20", Behaviour.CLOSE_AFTER_ANSWER);
		assertThatExceptionOfType(EOFException.class)
			.isThrownBy(() -> KeepAliveHttp.post(this.server.port(), "/x", BODY))
			.withMessageContaining("mid-answer");
		assertThat(this.server.requests()).hasValue(1);
	}

	static Stream<Arguments> tokens() {
		return Stream.of(
				// The tools' token (LocalStack.toolToken), the header line every request
				// carries
				arguments("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2ln-_",
						"Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2ln-_\r\n"),
				// As $(./learnflow token ...) leaves it, and as a shell may: surrounding
				// white space goes.
				arguments(" a.b.c\n", "Authorization: Bearer a.b.c\r\n"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("tokens")
	void sendsTheToolsTokenAsABearerHeader(String token, String header) {
		assertThat(KeepAliveHttp.authorization(token)).isEqualTo(header);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("notTokens")
	void refusesATokenThatWouldChangeTheRequestHead(String token) {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> KeepAliveHttp.authorization(token))
			.withMessageContaining("LEARNFLOW_TOKEN is not a bearer token");
	}

	static Stream<String> notTokens() {
		return Stream.of("a.b.c\r\nX-Forwarded-For: 1.2.3.4", "Bearer a.b.c", "a.b.c\u00e9");
	}

	private enum Behaviour {

		KEEP_ALIVE, CLOSE_AFTER_ANSWER,

		/**
		 * Answers the first request of a connection, then closes it without saying so.
		 */
		DROP_IDLE_CONNECTION

	}

	/**
	 * Reads each request (head and Content-Length body) and writes the same bytes as the
	 * answer.
	 */
	private static final class CannedServer implements AutoCloseable {

		private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

		private final AtomicInteger requests = new AtomicInteger();

		private final AtomicInteger connections = new AtomicInteger();

		private final Thread acceptor;

		CannedServer(String answer, Behaviour behaviour) throws IOException {
			byte[] bytes = answer.getBytes(StandardCharsets.US_ASCII);
			this.acceptor = new Thread(() -> {
				while (!this.socket.isClosed()) {
					try (Socket client = this.socket.accept()) {
						this.connections.incrementAndGet();
						InputStream in = client.getInputStream();
						OutputStream out = client.getOutputStream();
						while (readRequest(in)) {
							this.requests.incrementAndGet();
							out.write(bytes);
							out.flush();
							if (behaviour != Behaviour.KEEP_ALIVE) {
								break;
							}
						}
					}
					catch (IOException ex) {
						// closed by the test or by the client
					}
				}
			}, "canned-http-server");
			this.acceptor.setDaemon(true);
			this.acceptor.start();
		}

		int port() {
			return this.socket.getLocalPort();
		}

		AtomicInteger requests() {
			return this.requests;
		}

		AtomicInteger connections() {
			return this.connections;
		}

		/** Reads one request; false when the client closed the connection. */
		private static boolean readRequest(InputStream in) throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int matched = 0;
			while (matched < 4) {
				int b = in.read();
				if (b < 0) {
					return false;
				}
				head.write(b);
				matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
			}
			String text = head.toString(StandardCharsets.US_ASCII).toLowerCase();
			int at = text.indexOf("content-length:");
			int length = Integer.parseInt(text.substring(at + 15, text.indexOf('\r', at)).trim());
			return in.readNBytes(length).length == length;
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
