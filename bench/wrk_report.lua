-- wrk reporter for bench/http_pages.py: one JSON line with the percentiles wrk's own summary omits
-- (p95), in microseconds, and the errors and non-2xx/3xx answers the run must not have.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"p50": %d, "p95": %d, "p99": %d, "requests": %d, "duration_us": %d, "socket_errors": %d, "bad_status": %d}\n',
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, summary.duration,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
