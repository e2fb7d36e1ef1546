# shellcheck shell=bash
# The load runs of bench/scripts/*: wrk bounded in time, its own CPU measured, and a warm-up that lasts until the
# throughput is stable. Sourced, not run.

# wrk_run URL LUA SECONDS CONNECTIONS -> "req/s p99 wrk-cpu-s non-2xx requests"
wrk_run() {
  local out rps p99 cpu non2xx requests
  out=$( { /usr/bin/time -f '%U %S' wrk -t1 -c"$4" -d"$3s" --latency -s "$2" "$1"; } 2>&1)
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  cpu=$(tail -n 1 <<< "$out" | awk '{print $1 + $2}')
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<< "$out")
  requests=$(awk '/requests in/ {print $1}' <<< "$out")
  echo "$rps $p99 ${cpu}s ${non2xx:-0} ${requests:-0}"
}

# wrk_warm URL LUA CONNECTIONS: at least 60 s of load, then until the last three 10 s runs agree within 5 % (at most
# 4 min). Prints the runs on stderr.
wrk_warm() {
  local runs=() current i
  for i in $(seq 1 24); do
    current=$(wrk_run "$1" "$2" 10 "$3" | awk '{print $1}')
    runs+=("$current")
    if [ "$i" -ge 6 ] && awk -v a="${runs[i-3]}" -v b="${runs[i-2]}" -v c="${runs[i-1]}" 'BEGIN {
         lo = a; hi = a; if (b < lo) lo = b; if (c < lo) lo = c; if (b > hi) hi = b; if (c > hi) hi = c
         exit !(lo > 0 && (hi - lo) / lo < 0.05) }'; then
      echo "warm after $i runs of 10 s (${runs[*]} req/s)" >&2; return
    fi
  done
  echo "not stable after 24 runs (${runs[*]} req/s); measuring anyway" >&2
}
