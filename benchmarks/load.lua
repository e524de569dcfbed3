-- The requests of one wrk run, set by bench.py through the environment:
--   BENCH_CALLS   a file of requests, one a line: METHOD <tab> path [<tab> body]; sent in turn
--   BENCH_TOKENS  a file of Authorization values, one a line; sent in turn
--   BENCH_PREFIX  unique to the run: "{n}" in a body becomes BENCH_PREFIX and the request's number (fresh ids)
local calls, tokens, n = {}, {}, 0
local prefix = os.getenv("BENCH_PREFIX") or "w"

init = function(args)
  for line in io.lines(os.getenv("BENCH_CALLS")) do
    local method, path, body = line:match("^(%S+)\t([^\t]+)\t?(.*)$")
    calls[#calls + 1] = { method, path, body }
  end
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    tokens[#tokens + 1] = line
  end
end

request = function()
  n = n + 1
  local call = calls[(n - 1) % #calls + 1]
  local headers = { ["Authorization"] = tokens[(n - 1) % #tokens + 1], ["Content-Type"] = "application/json" }
  local body = nil
  if call[3] ~= "" then
    body = (call[3]:gsub("{n}", prefix .. "-" .. n))
  end
  return wrk.format(call[1], call[2], headers, body)
end
