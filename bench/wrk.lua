-- The figures of one wrk run, as one line of JSON for bench/run.py (latencies in µs).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_FIGURES {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
