-- Emission throughput of the C emitter on one large document.
-- usage: lua5.4 bench/emit_throughput.lua MEGABYTES  (LUA_CPATH must reach fsgen/core.so)
local core = require "fsgen.core"

local target = (tonumber(arg[1]) or 10) * 1000 * 1000
local items, size = {}, 0
local i = 0
while size < target do
  i = i + 1
  local item = { name = "item-" .. i, value = ("some text %d with: colon"):format(i), count = i,
                 ratio = i / 7, enabled = i % 2 == 0, tags = { "a", "b", "yes" } }
  items[i] = item
  size = size + 110
end
local doc = { { object = { apiVersion = "v1", kind = "List", items = items } } }
local out = core.emit(doc)
local runs, best = 5, math.huge
for _ = 1, runs do
  local t0 = os.clock()
  out = core.emit(doc)
  local dt = os.clock() - t0
  if dt < best then best = dt end
end
print(("emit: %.1f MB in %.3f s (best of %d): %.0f MB/s"):format(#out / 1e6, best, runs, #out / 1e6 / best))
