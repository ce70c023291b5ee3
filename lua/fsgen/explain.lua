-- `fsgen explain OVERLAY PATH`: why a value is what it is.
--   a values path        api.replicacount
--   an object field      Deployment/flagsmith-api:spec.template.spec.containers[flagsmith-api].env[DATABASE_URL]
-- Prints the final value, then every layer that set or changed it, most
-- recent first, each with its file and line.  Secrets show as <redacted>.
local core = require "fsgen.core"
local engine = require "fsgen.engine"
local merge = require "fsgen.merge"
local path = require "fsgen.path"
local secrets = require "fsgen.secrets"

local M = {}

-- One line of YAML for a value (a flow form for tables, kept short).
local function show(v, depth)
  depth = depth or 0
  if v == nil then return "(not set)" end
  if type(v) == "table" and not core.is_null(v) then
    if depth > 2 then return "..." end
    local parts = {}
    if merge.is_list(v) then
      for i, x in ipairs(v) do
        if i > 8 then parts[#parts + 1] = "..." break end
        parts[#parts + 1] = show(x, depth + 1)
      end
      return "[" .. table.concat(parts, ", ") .. "]"
    end
    for i, k in ipairs(merge.sorted_keys(v)) do
      if i > 8 then parts[#parts + 1] = "..." break end
      parts[#parts + 1] = tostring(k) .. ": " .. show(v[k], depth + 1)
    end
    return "{" .. table.concat(parts, ", ") .. "}"
  end
  local text = core.emit { { object = v } }:gsub("^%-%-%-\n", ""):gsub("\n$", "")
  if text:find("\n", 1, true) then -- a block scalar: show it on one line
    text = '"' .. v:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("\n", "\\n") .. '"'
  end
  return text
end
M.show = show

local function get(t, segments)
  for _, seg in ipairs(segments) do
    if type(t) ~= "table" or core.is_null(t) then return nil end
    t = t[seg]
  end
  return t
end

local function where(entry)
  if entry.line then return ("%s:%s"):format(entry.source, tostring(entry.line)) end
  return entry.source
end

local function row(out, label, value)
  out[#out + 1] = ("  %-44s %s"):format(label, value)
end

-- Origins of a values path: its own entries and those of ancestors that set
-- it as a whole (a list, a scalar), most recent first.
local function layers_of(segments, origins)
  local found = {}
  for n = #segments, 1, -1 do
    local key = path.format({ table.unpack(segments, 1, n) })
    for _, entry in ipairs(origins[key] or {}) do
      if n == #segments or not entry.deleted then found[#found + 1] = { entry = entry, depth = n } end
    end
  end
  table.sort(found, function(a, b) return (a.entry.seq or 0) > (b.entry.seq or 0) end)
  return found
end

local function explain_values(segments, objects, run, out)
  local secret = secrets.is_secret_path(segments, run.chart.secrets)
  local function shown(v) return secret and v ~= nil and secrets.REDACTED or show(v) end
  local key = path.format(segments)
  out[#out + 1] = ("%s: %s"):format(key, shown(get(run.values, segments)))
  for _, f in ipairs(layers_of(segments, run.origins)) do
    local e = f.entry
    local v = e.deleted and "(deleted: null)" or shown(f.depth == #segments and e.value
      or get(e.value, { table.unpack(segments, f.depth + 1) }))
    row(out, where(e), v)
  end
  local default = get(run.defaults, segments)
  if default ~= nil then row(out, "chart default (" .. run.chart_name .. ")", shown(default)) end
  if get(run.defaults, segments) == nil and #layers_of(segments, run.origins) == 0 then
    out[#out + 1] = "  (no layer sets this path; see `fsgen values` for the known keys)"
  end
  return objects
end

-- "Kind/name:a.b[0].c[name]" -> kind, name, steps; a [x] step that is not a
-- number selects the list element whose name is x.
local function parse_field(spec)
  local kind, name, rest = spec:match("^([%w%.]+)/([^:]+):(.*)$")
  if not kind then return nil end
  local steps = {}
  local i = 1
  while i <= #rest do
    local c = rest:sub(i, i)
    if c == "." then
      i = i + 1
    elseif c == "[" then
      local close = rest:find("]", i, true)
      if not close then return nil end
      local inner = rest:sub(i + 1, close - 1)
      steps[#steps + 1] = { index = tonumber(inner), name = not tonumber(inner) and inner or nil }
      i = close + 1
    else
      local key = rest:match("^[^%.%[]+", i)
      steps[#steps + 1] = { key = key }
      i = i + #key
    end
  end
  return kind, name, steps
end

local function find(objects, kind, name)
  for _, obj in ipairs(objects) do
    if obj.kind == kind and type(obj.metadata) == "table" and obj.metadata.name == name then return obj end
  end
end

local function resolve(objects, kind, name, steps)
  local obj = find(objects, kind, name)
  if obj then
    do
      local v = obj
      for _, step in ipairs(steps) do
        if type(v) ~= "table" then return nil, true end
        if step.key then
          v = v[step.key]
        elseif step.index then
          v = v[step.index + 1]
        else
          local found
          for _, item in ipairs(v) do
            if type(item) == "table" and item.name == step.name then found = item break end
          end
          v = found
        end
      end
      return v, true
    end
  end
  return nil, false
end

-- Values leaves equal to v: where a rendered value probably came from.
local function values_feeding(v, values, found, segments)
  found, segments = found or {}, segments or {}
  if type(values) == "table" then
    for _, k in ipairs(merge.sorted_keys(values)) do
      segments[#segments + 1] = k
      values_feeding(v, values[k], found, segments)
      segments[#segments] = nil
    end
  elseif values == v or (type(v) == "string" and type(values) ~= "table" and tostring(values) == v) then
    found[#found + 1] = { table.unpack(segments) }
  end
  return found
end

function M.run(opts, target)
  local out = {}
  local kind, name, steps = parse_field(target)
  if not kind then
    local segments = path.parse(target)
    if not segments then engine.fail(("explain: '%s' is neither a values path nor Kind/name:field"):format(target), 2) end
    local objects, run = engine.render(opts)
    explain_values(segments, objects, run, out)
    return table.concat(out, "\n") .. "\n"
  end
  local history = {}
  opts.observe = function(stage, label, objects)
    local v, exists = resolve(objects, kind, name, steps)
    history[#history + 1] = { stage = stage, label = label, text = exists and show(v) or nil, value = v }
  end
  local objects, run = engine.render(opts)
  local final, exists = resolve(objects, kind, name, steps)
  if not exists then engine.fail(("explain: no object %s/%s in the output"):format(kind, name)) end
  -- Secret data, and the value of an env entry with a secret-looking name.
  local secret = kind == "Secret" and (steps[1] or {}).key ~= "metadata"
  for i, step in ipairs(steps) do
    if step.name and secrets.is_secret_key(step.name) and (steps[i + 1] == nil or steps[i + 1].key == "value") then
      secret = true
    end
  end
  local function shown(text) return (secret and text) and secrets.REDACTED or text or "(not set)" end
  out[#out + 1] = ("%s: %s"):format(target, shown(final ~= nil and show(final) or nil))
  local rows = {}
  local previous
  for _, h in ipairs(history) do
    if h.stage == "render" then
      local made_by = run.sources[find(objects, kind, name)] or h.label
      rows[#rows + 1] = { "render (" .. made_by .. ")", shown(h.text) }
    elseif h.text ~= previous then
      rows[#rows + 1] = { h.stage .. " of " .. h.label, shown(h.text) }
    end
    previous = h.text
  end
  for i = #rows, 1, -1 do row(out, rows[i][1], rows[i][2]) end
  -- Values a layer set to this very value: where it probably came from
  -- (chart defaults and secrets are left out: equal strings abound).
  if final ~= nil and type(final) ~= "table" and not secret then
    for _, segs in ipairs(values_feeding(final, run.values)) do
      if run.origins[path.format(segs)] and not secrets.is_secret_path(segs, run.chart.secrets) then
        out[#out + 1] = ("  from values %s:"):format(path.format(segs))
        local sub = {}
        explain_values(segs, objects, run, sub)
        for i = 2, #sub do out[#out + 1] = "  " .. sub[i] end
      end
    end
  end
  return table.concat(out, "\n") .. "\n"
end

return M
