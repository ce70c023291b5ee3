-- The data flow of DESIGN.md: chart and overlays in, ordered objects out.
--   engine.render(opts) -> objects, run
-- opts: chart, overlays, values_files, values (a table, as if from a file),
-- sets ({expr=, string=}), name, namespace, root, allow_unknown, data_dir.
-- run: everything the output stage and the tools need (sources, files read,
-- merged values and where each came from, the release).
local core = require "fsgen.core"
local fs = require "fsgen.fs"
local merge = require "fsgen.merge"
local order = require "fsgen.order"
local overlays = require "fsgen.overlays"
local path = require "fsgen.path"
local sandbox = require "fsgen.sandbox"
local validate = require "fsgen.validate"
local values = require "fsgen.values"
-- fsgen.patch and fsgen.setpath are required where used: most runs have no
-- patches and no --set, and loading modules is most of fsgen's start-up.

local M = {}

local DEFAULT_CHART = "flagsmith"

-- An error that ends the run with exit code `code`; messages are one line each.
local function fail(messages, code)
  if type(messages) == "table" and messages.message then error(messages, 0) end
  if type(messages) ~= "table" then messages = { tostring(messages) } end
  error({ code = code or 1, message = table.concat(messages, "\nfsgen: ") }, 0)
end
M.fail = fail

local function usage(message) fail(message, 2) end

local function find_chart(ref, ctx)
  local candidates
  if ref:find("/", 1, true) or ref:match("%.lua$") then
    candidates = { ref, ref .. "/init.lua" }
  else
    candidates = { ctx.lua_dir .. "/charts/" .. ref .. "/init.lua", ctx.lua_dir .. "/charts/" .. ref .. ".lua" }
  end
  for _, p in ipairs(candidates) do
    if fs.is_file(p) then return p end
  end
  if candidates[1] == ref then
    fail(("chart '%s' not found (a chart path is a Lua file or a folder with init.lua)"):format(ref))
  end
  local known = {}
  for _, name in ipairs(fs.list(ctx.lua_dir .. "/charts")) do
    known[#known + 1] = (name:gsub("%.lua$", ""))
  end
  fail(("chart '%s' not found (charts: %s; or give a path to a chart folder)"):format(
    ref, #known > 0 and table.concat(known, ", ") or "none"))
end

local function load_chart(ref, ctx)
  local file = find_chart(ref, ctx)
  ctx.loader.chart_dir = fs.realpath(fs.dirname(file))
  local chart = ctx.loader:run(file)
  local name = ctx.loader:display(file)
  if type(chart) ~= "table" or type(chart.render) ~= "function" or type(chart.defaults) ~= "table" then
    fail(("%s: a chart must return a table with `defaults` (a table) and `render` (a function)"):format(name))
  end
  return chart, name, ctx.loader:label(file), ctx.loader:trusted(file)
end

-- Helm's rule for values set in layers, with provenance.
local layer = merge.layer

local function yaml_source(file, marks)
  return {
    name = file,
    locate = function(segments) return marks and marks[path.format(segments)] end,
  }
end

local function apply_overlay_values(state, entry)
  local v = entry.overlay.values
  if v == nil then return end
  if type(v) == "function" then
    local changes = sandbox.run_user(v, merge.strip_nulls(state.values))
    if changes == nil then return end
    if type(changes) ~= "table" then
      fail(("%s: values function must return a table of changes, got %s"):format(entry.name, type(changes)))
    end
    v = changes
  end
  layer(state, v, { name = entry.name, locate = overlays.locator(entry.text) })
end

-- A chart error about a value ("api.x: ...") gains the place that set it.
local function with_origin(message, origins)
  if type(message) ~= "string" then return message end
  local p = message:match("^([%w_%-%.%[%]\"]+): ")
  local segments = p and path.parse(p)
  -- The path itself, else the nearest parent set as a whole (a list item's list).
  for n = segments and #segments or 0, 1, -1 do
    local entries = origins[path.format({ table.unpack(segments, 1, n) })]
    local last = entries and entries[#entries]
    if last and last.source then
      local where = last.source .. (last.line and (":" .. last.line) or "")
      return where .. ": " .. message
    end
  end
  return message
end

local function render(opts)
  local data_dir = opts.data_dir or "."
  local ctx = {
    data_dir = data_dir,
    lua_dir = data_dir .. "/lua",
    overlay_dir = data_dir .. "/overlays",
    files = fs.tracker(opts.root),
    sources = setmetatable({}, { __mode = "k" }),
    env_used = {},
  }
  local loader <close> = sandbox.loader(ctx)
  ctx.loader = loader

  local stack = overlays.load_all(opts.overlays or {}, ctx)

  local release = { name = nil, namespace = nil }
  local chart_ref
  for _, entry in ipairs(stack) do
    local o = entry.overlay
    if o.chart then
      chart_ref = o.chart
      if chart_ref:find("/", 1, true) then chart_ref = fs.join(fs.dirname(entry.path), chart_ref) end
    end
    if o.release then
      if o.release.name then release.name = o.release.name end
      if o.release.namespace then release.namespace = o.release.namespace end
    end
  end
  chart_ref = opts.chart or chart_ref or DEFAULT_CHART
  local chart, chart_name, chart_label, chart_trusted = load_chart(chart_ref, ctx)
  release.name = opts.name or release.name or chart.name or DEFAULT_CHART
  release.namespace = opts.namespace or release.namespace or "default"

  -- Layers: chart defaults, overlays, -f files, --set.
  local state = { values = chart.defaults, origins = {} } -- shared until changed
  for _, entry in ipairs(stack) do apply_overlay_values(state, entry) end
  for _, file in ipairs(opts.values_files or {}) do
    local text = ctx.files:read(file)
    local doc, marks = core.load_yaml(text, file)
    if type(doc) ~= "table" or (doc[1] ~= nil) then
      fail(("%s: a values file must hold a map at the top"):format(file))
    end
    layer(state, doc, yaml_source(file, marks))
  end
  if opts.values then layer(state, opts.values, { name = "(values)" }) end
  -- As Helm: every --set into one table, then every --set-string.
  for _, as_string in ipairs { false, true } do
    local parsed
    for _, set in ipairs(opts.sets or {}) do
      if set.string == as_string then
        local ok, result = pcall(require("fsgen.setpath").parse, set.expr, as_string,
          { into = parsed, secrets = chart.secrets })
        if not ok then usage(result) end
        parsed = result
      end
    end
    if parsed then layer(state, parsed, { name = as_string and "--set-string" or "--set" }) end
  end

  local problems = values.check(state.values, chart.defaults, {
    open = chart.open, allow_unknown = opts.allow_unknown,
    origins = state.origins, secrets = chart.secrets,
  })
  if #problems > 0 then
    local messages = {}
    for i, p in ipairs(problems) do messages[i] = values.describe(p, state.origins) end
    fail(messages)
  end

  local final = merge.strip_nulls(state.values)
  local host_ok, host = pcall(require, "fsgen.host")
  -- render returns the objects, and optionally { tests = {...} }: chart
  -- tests, written apart so that applying the output never runs them.
  local ok, objects, extra = xpcall(chart_trusted and sandbox.run_trusted or sandbox.run_user, function(m)
    m = with_origin(m, state.origins)
    if opts.trace and host_ok and type(m) == "string" then m = host.traceback(m) end
    return m
  end, chart.render, final, release)
  if not ok then fail(objects) end
  if type(objects) ~= "table" then
    fail(("%s: render must return a list of objects, got %s"):format(chart_name, type(objects)))
  end
  local tests = type(extra) == "table" and extra.tests or {}
  for _, list in ipairs { objects, tests } do
    for _, obj in ipairs(list) do
      if ctx.sources[obj] == nil then ctx.sources[obj] = chart_label end
    end
  end
  -- `explain` watches a field through the stages that may change it.
  local observe = opts.observe or function() end
  observe("render", chart_label, objects)

  -- Overlays have the last word, in layering order.
  for _, entry in ipairs(stack) do
    local o = entry.overlay
    if o.patches then
      objects = require("fsgen.patch").apply(objects, o.patches, { name = entry.name, locate = overlays.locator(entry.text) })
      observe("patches", entry.name, objects)
    end
    if o.transform then
      local before = {}
      for _, obj in ipairs(objects) do before[obj] = true end
      local result = sandbox.run_user(o.transform, objects, merge.deepcopy(final))
      if type(result) == "table" then objects = result end
      for _, obj in ipairs(objects) do
        if not before[obj] then ctx.sources[obj] = ctx.loader:label(entry.path) end
      end
      observe("transform", entry.name, objects)
    end
  end

  local warnings = {}
  local all = {}
  for _, list in ipairs { objects, tests } do
    for _, obj in ipairs(list) do all[#all + 1] = obj end
  end
  local errors = validate.objects(all, {
    crds = opts.crds, strict_kinds = opts.strict_kinds, warnings = warnings, secrets = chart.secrets,
    values = final, merged = state.values, origins = state.origins, files = ctx.files,
  })
  if #errors > 0 then fail(errors) end
  order.sort(objects)
  order.sort(tests)

  return objects, {
    chart = chart, chart_name = chart_name, release = release,
    values = final, merged = state.values, origins = state.origins, sources = ctx.sources, defaults = chart.defaults,
    files = ctx.files.files, env_used = ctx.env_used, overlays = stack,
    warnings = warnings, tests = tests,
  }
end

-- An error from the shipped chart's precompiled code names no place; the
-- same inputs give the same error, so the run is repeated with the chart
-- compiled from its text, to name file and line.  --trace wants lines in
-- its tracebacks from the start.
function M.render(opts)
  if opts.trace then sandbox.want_lines() end
  if sandbox.lines_wanted() then return render(opts) end
  local ok, objects, run = pcall(render, opts)
  if ok then return objects, run end
  local message = type(objects) == "table" and rawget(objects, "message") or objects
  if type(message) ~= "string" or not message:find(sandbox.NO_PLACE, 1, true) then error(objects, 0) end
  sandbox.want_lines()
  return render(opts)
end

return M
