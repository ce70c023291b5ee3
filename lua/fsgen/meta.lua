-- `fsgen meta`: LuaLS annotations (---@meta) for a chart's values, made from
-- its defaults, so an editor completes and type-checks `values = { ... }`
-- in overlays.  meta/fsgen.lua describes the fsgen API and the overlay shape.
local core = require "fsgen.core"
local merge = require "fsgen.merge"

local M = {}

local function class_name(prefix, segments)
  local parts = { prefix }
  for _, s in ipairs(segments) do
    parts[#parts + 1] = (tostring(s):gsub("[^%w_]", "_"))
  end
  return table.concat(parts, ".")
end

local function field_name(key)
  if key:match("^[%a_][%w_]*$") then return key end
  return ("[%q]"):format(key)
end

local function scalar_type(v)
  if math.type(v) == "integer" then return "integer" end
  if type(v) == "number" then return "number" end
  return type(v)
end

-- The annotation type of a default, and the classes it needs (appended).
local function type_of(v, segments, prefix, classes, open)
  if core.is_null(v) then return "any" end
  if type(v) ~= "table" then return scalar_type(v) end
  if merge.is_list(v) or core.is_list(v) then
    local first = v[1]
    if first == nil or type(first) == "table" then return "any[]" end
    return scalar_type(first) .. "[]"
  end
  if next(v) == nil or open(segments) then return "table<string, any>" end
  local name = class_name(prefix, segments)
  local lines = { ("---@class %s"):format(name) }
  for _, k in ipairs(merge.sorted_keys(v)) do
    segments[#segments + 1] = k
    local t = type_of(v[k], segments, prefix, classes, open)
    segments[#segments] = nil
    local default = v[k]
    local note = ""
    if type(default) ~= "table" and not core.is_null(default) then
      note = " default: " .. (type(default) == "string" and ("%q"):format(default) or tostring(default))
    end
    lines[#lines + 1] = ("---@field %s? %s%s"):format(field_name(k), t, note ~= "" and (" #" .. note) or "")
  end
  classes[#classes + 1] = { name = name, text = table.concat(lines, "\n") }
  return name
end

function M.annotations(chart)
  local prefix = (chart.name or "chart") .. ".Values"
  local patterns = {}
  for _, p in ipairs(chart.open or {}) do
    patterns[#patterns + 1] = "^" .. p:gsub("%.", "%%."):gsub("%*", "[^.]+") .. "$"
  end
  local function open(segments)
    local key = table.concat(segments, ".")
    for _, pat in ipairs(patterns) do
      if key:match(pat) then return true end
    end
    return false
  end
  local classes = {}
  type_of(chart.defaults, {}, prefix, classes, open)
  table.sort(classes, function(a, b) return a.name < b.name end)
  local out = {
    "---@meta",
    ("-- The values of the %s chart %s, from its defaults (generated: fsgen meta --chart %s)."):format(
      chart.name or "?", chart.version or "", chart.name or "NAME"),
    "",
  }
  for _, c in ipairs(classes) do out[#out + 1] = c.text .. "\n" end
  -- An overlay for this chart: `---@type <chart>.Overlay` above `return {`.
  out[#out + 1] = ("---@class %s.Overlay: fsgen.Overlay"):format(chart.name or "chart")
  out[#out + 1] = ("---@field values? %s|fun(values: %s): %s"):format(prefix, prefix, prefix)
  return table.concat(out, "\n") .. "\n"
end

return M
