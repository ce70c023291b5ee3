-- Where one render's time goes, by engine stage.  fsgen loads its modules and
-- the shipped chart precompiled; lua5.4 compiles them from source, so a first
-- render here would mostly time the compiler.  The render timed is the second
-- of the process: every file compiled already (the sandbox keeps compiled
-- chunks), every module body run afresh.  Each stage is timed exclusive of
-- the stages it calls.
-- usage: LUA_PATH="lua/?.lua;lua/?/init.lua;;" LUA_CPATH="BUILD/lmod/?.so;;" \
--          lua5.4 bench/profile/phases.lua OVERLAY...     (from the source tree)
-- Prints "stage<TAB>microseconds<TAB>calls" lines, "total" last.
local core = require "fsgen.core"
local merge = require "fsgen.merge"
local order = require "fsgen.order"
local output = require "fsgen.output"
local overlays = require "fsgen.overlays"
local patch = require "fsgen.patch"
local sandbox = require "fsgen.sandbox"
local validate = require "fsgen.validate"
local values = require "fsgen.values"

local clock = os.clock
local spent, calls, stack = {}, {}, {}

-- Replaces t[name] by a timed call charged to `stage`; the time of timed
-- calls made inside is charged to their own stages.  A recursive call of the
-- same stage is not timed again (the clock would cost more than the call).
local active = {}
local function timed(t, name, stage)
  local f = t[name]
  local function finish(started, ...)
    local elapsed = clock() - started
    local inner = stack[#stack]
    stack[#stack] = nil
    active[stage] = nil
    spent[stage] = (spent[stage] or 0) + elapsed - inner
    calls[stage] = (calls[stage] or 0) + 1
    if #stack > 0 then stack[#stack] = stack[#stack] + elapsed end
    return ...
  end
  t[name] = function(...)
    if active[stage] then return f(...) end
    active[stage] = true
    stack[#stack + 1] = 0
    local started = clock()
    return finish(started, f(...))
  end
end

timed(overlays, "load_all", "overlays: find, compile, run")
timed(merge, "deepcopy", "values: copy defaults")
timed(merge, "layer", "values: layer overlays")
timed(values, "check", "values: check against defaults")
timed(merge, "strip_nulls", "values: strip nulls")
timed(patch, "apply", "patches")
timed(validate, "objects", "validate (schema, names)")
timed(order, "sort", "order")
timed(core, "emit", "emit (C)")
timed(output, "stream", "stream documents")

-- The chart's file (compile or precompiled load, and its module body) goes
-- through the loader; its render through the engine's xpcall.
local probe = sandbox.loader({ files = { read = function() end } })
local Loader = getmetatable(probe).__index
timed(Loader, "run", "load chart and overlay files")
local raw_xpcall = xpcall
local render_stage = { xpcall = raw_xpcall }
timed(render_stage, "xpcall", "chart render")
xpcall = function(f, ...)
  if debug.getinfo(f, "S").source:find("charts/", 1, true) then return render_stage.xpcall(f, ...) end
  return raw_xpcall(f, ...)
end

-- Required last: the engine keeps some of the functions above in locals.
local engine = require "fsgen.engine"

local refs = { ... }
engine.render({ data_dir = ".", overlays = refs })
for stage in pairs(spent) do spent[stage], calls[stage] = nil, nil end
-- fsgen holds its collector back while the heap is small (a prod render's
-- never grows past it); lua5.4's would charge its steps to whichever stage
-- happens to allocate when they fall due.
collectgarbage("collect")
collectgarbage("stop")
local started = clock()
stack[1] = 0
local objects, run = engine.render({ data_dir = ".", overlays = refs })
local text = output.stream(objects, run)
local total = clock() - started
spent["engine (rest)"], calls["engine (rest)"] = total - stack[1], 1
assert(#text > 0)

local names = {}
for name in pairs(spent) do names[#names + 1] = name end
table.sort(names)
for _, name in ipairs(names) do print(("%s\t%.1f\t%d"):format(name, spent[name] * 1e6, calls[name])) end
print(("total\t%.1f\t1"):format(total * 1e6))
