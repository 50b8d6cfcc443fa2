-- SPDX-License-Identifier: GPL-3.0-or-later
-- customers.lua: wrk requests for bench/customers.sh, one kind per run:
--   wrk … -s customers.lua URL -- lookup TOKEN PHONES-FILE   GET /customers/by-phone?number=…
--   wrk … -s customers.lua URL -- page   TOKEN               GET /customers?owner=me (first 50 pages)
--   wrk … -s customers.lua URL -- save   TOKEN IDS-FILE RESULT-ID   POST /customers/ID/contact-records
-- Each thread picks its own random sequence; done() prints one RESULT line.

local mode, token, values, result_id
local counter = 0

local function read_lines (path)
  local list = {}
  for line in io.lines (path) do
    if line ~= "" then list[#list + 1] = line end
  end
  return list
end

function init (args)
  mode, token = args[1], args[2]
  if mode == "lookup" or mode == "save" then values = read_lines (args[3]) end
  result_id = args[4]
  math.randomseed (os.time () + tonumber (tostring ({}):match ("0x(%x+)") or "0", 16) % 100000)
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
end

function request ()
  counter = counter + 1
  if mode == "lookup" then
    local number = values[math.random (#values)]:gsub ("%+", "%%2B")
    return wrk.format ("GET", "/api/v1/customers/by-phone?number=" .. number)
  elseif mode == "page" then
    return wrk.format ("GET", "/api/v1/customers?owner=me&limit=20&after=" .. (math.random (0, 49) * 20))
  else
    local id = values[math.random (#values)]
    return wrk.format ("POST", "/api/v1/customers/" .. id .. "/contact-records", nil,
                       '{"call_result_id": ' .. result_id .. ', "call_state": "answered", "note": "bench"}')
  end
end

function done (summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write (string.format ("RESULT requests=%d rps=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f errors=%d non2xx=%d\n",
                           summary.requests, summary.requests / seconds,
                           latency:percentile (50) / 1000, latency:percentile (99) / 1000, latency.max / 1000,
                           summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
                           summary.errors.status))
end
