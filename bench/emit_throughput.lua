-- Throughput of the C emitter alone on one large stream: the objects of the
-- synthetic chart bench/big (COUNT Deployments and Services), built once,
-- then emitted RUNS times.
-- usage: LUA_CPATH="BUILD/lmod/?.so;;" lua5.4 bench/emit_throughput.lua COUNT [RUNS]
-- Prints: bytes, then the CPU seconds of each emit in turn, tab-separated.
local core = require "fsgen.core"

local count, runs = tonumber(arg[1]), tonumber(arg[2] or 5)
assert(count, "usage: emit_throughput.lua COUNT [RUNS]")
local here = arg[0]:match("^(.*)/[^/]*$") or "."

-- The chart module as fsgen runs it, with the one API function it uses.
fsgen = { sha256 = core.sha256 }
local chart = dofile(here .. "/big/init.lua")
local values = {}
for k, v in pairs(chart.defaults) do values[k] = v end
values.count = count
local objects = chart.render(values, { name = "big", namespace = "default" })
local docs = {}
for i, obj in ipairs(objects) do docs[i] = { object = obj, source = "big/init.lua" } end

local times, bytes = {}, 0
for i = 1, runs do
  local started = os.clock()
  bytes = #core.emit(docs)
  times[i] = os.clock() - started
end
local fields = { ("%d"):format(bytes) }
for i, t in ipairs(times) do fields[i + 1] = ("%.6f"):format(t) end
print(table.concat(fields, "\t"))
