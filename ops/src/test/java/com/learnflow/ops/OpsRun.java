package com.learnflow.ops;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tool run as from its command line against a broker, with what it printed.
 *
 * @param status its exit status
 * @param output what it wrote to standard output
 * @param error what it wrote to standard error
 */
record OpsRun(int status, String output, String error) {

	static OpsRun of(String bootstrap, Map<String, String> environment, String... arguments) throws Exception {
		List<String> args = new ArrayList<>(List.of("--bootstrap-server", bootstrap));
		args.addAll(List.of(arguments));
		PrintStream out = System.out;
		PrintStream err = System.err;
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		ByteArrayOutputStream error = new ByteArrayOutputStream();
		try {
			System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
			System.setErr(new PrintStream(error, true, StandardCharsets.UTF_8));
			int status = Ops.run(args, environment::get);
			return new OpsRun(status, output.toString(StandardCharsets.UTF_8), error.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.setOut(out);
			System.setErr(err);
		}
	}

}
