package com.learnflow.bench;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

/**
 * What the bench reads from wrk's output (wrk 4.1, Debian's, with {@code --latency}) and
 * bash's {@code times}.
 */
class WrkTests {

	static final String OUTPUT = """
			Running 10s test @ http://127.0.0.1:38182/api/v1/code-executions
			  1 threads and 64 connections
			  Thread Stats   Avg      Stdev     Max   +/- Stdev
			    Latency     8.42ms    3.10ms  45.12ms   80.12%%
			    Req/Sec     7.64k   512.33     8.50k    70.00%%
			  Latency Distribution
			     50%%  %s
			     75%%    9.50ms
			     90%%   11.80ms
			     99%%  %s
			  76344 requests in 10.00s, 22.80MB read
			%s
			Requests/sec:   7634.12
			Transfer/sec:      2.28MB
			0m0.000s 0m0.000s
			0m1.810s 0m0.200s
			""";

	@ParameterizedTest(name = "p50 {0}, p99 {1} -> {2} ms, {3} ms")
	@CsvSource({ "7.89ms, 25.48ms, 7.89, 25.48", "812.00us, 1.20s, 0.812, 1200", "1.01m, 2.00m, 60600, 120000" })
	void latenciesInEveryUnitAreMilliseconds(String p50, String p99, double p50Ms, double p99Ms) {
		Wrk.Run run = Wrk.parse(64, OUTPUT.formatted(p50, p99, ""));
		assertThat(run.p50Ms()).isCloseTo(p50Ms, within(1e-6));
		assertThat(run.p99Ms()).isCloseTo(p99Ms, within(1e-6));
	}

	@Test
	void aRunReportsItsRateAnswersAndWrksOwnCpu() {
		Wrk.Run run = Wrk.parse(64, OUTPUT.formatted("7.89ms", "25.48ms",
				"  Socket errors: connect 0, read 2, write 0, timeout 3\n  Non-2xx or 3xx responses: 12"));
		assertThat(run.connections()).isEqualTo(64);
		assertThat(run.perSecond()).isEqualTo(7634.12);
		assertThat(run.requests()).isEqualTo(76344);
		assertThat(run.seconds()).isEqualTo(10.0);
		assertThat(run.non2xx()).isEqualTo(12);
		assertThat(run.accepted()).isEqualTo(76332);
		assertThat(run.socketErrors()).isEqualTo(5);
		assertThat(run.wrkCpuSeconds()).isCloseTo(2.01, within(1e-9));
		assertThat(run.wrkCores()).isCloseTo(0.201, within(1e-9));
	}

	@Test
	void aRunWithoutErrorsHasNone() {
		Wrk.Run run = Wrk.parse(16, OUTPUT.formatted("7.89ms", "25.48ms", ""));
		assertThat(run.non2xx()).isZero();
		assertThat(run.socketErrors()).isZero();
		assertThat(run.accepted()).isEqualTo(run.requests());
	}

	@Test
	void outputWithoutTheSummaryIsAnError() {
		assertThatIllegalStateException().isThrownBy(() -> Wrk.parse(64, "unable to connect to 127.0.0.1:1"))
			.withMessageContaining("unable to connect");
	}

	@ParameterizedTest(name = "{0} stable: {1}")
	@CsvSource(delimiter = ';', value = { "1000, 1000, 1000; true", "5000, 1000, 1040, 1020; true",
			"1000, 1060, 1000; false", "0, 0, 0; false", "900, 1000, 1049; false" })
	void warmUpIsStableWhenTheLastThreeRunsAgreeWithinFivePercent(String rates, boolean stable) {
		List<Double> runs = List.of(rates.split(",\\s*")).stream().map(Double::valueOf).toList();
		assertThat(IngestMaximum.agree(runs)).isEqualTo(stable);
	}

}
