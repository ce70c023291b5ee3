-- `fsgen values OVERLAY`: the merged values as YAML (as `helm get values
-- --all`), optionally with the file:line that set each leaf as a comment.
local core = require "fsgen.core"
local merge = require "fsgen.merge"
local path = require "fsgen.path"
local secrets = require "fsgen.secrets"

local M = {}

-- YAML text of a scalar or an empty table, as the emitter writes it.
local function scalar(v)
  return (core.emit { { object = v } }:gsub("^%-%-%-\n", ""):gsub("\n$", ""))
end

local function key_text(k)
  return (core.emit { { object = { [k] = 0 } } }:gsub("^%-%-%-\n", ""):gsub(": 0\n$", ""))
end

local function origin_of(segments, origins)
  for n = #segments, 1, -1 do
    local entries = origins[path.format({ table.unpack(segments, 1, n) })]
    local e = entries and entries[#entries]
    if e and not e.deleted then
      return e.line and ("%s:%s"):format(e.source, tostring(e.line)) or e.source
    end
  end
  return "chart default"
end

local function write(out, v, indent, segments, ctx)
  local list = merge.is_list(v)
  local keys = list and nil or merge.sorted_keys(v)
  local n = list and #v or #keys
  for i = 1, n do
    local k = list and i or keys[i]
    local x = v[k]
    segments[#segments + 1] = k
    local lead = list and (indent .. "- ") or (indent .. key_text(k) .. ":")
    local is_table = type(x) == "table" and not core.is_null(x) and next(x) ~= nil
    if is_table then
      out[#out + 1] = (lead:gsub(" $", ""))
      write(out, x, indent .. "  ", segments, ctx)
    else
      local text
      if secrets.is_secret_path(segments, ctx.secrets) and not core.is_null(x) then
        text = '"' .. secrets.REDACTED .. '"'
      else
        text = scalar(x):gsub("\n", "\n" .. indent .. "  ")
      end
      local line = (list and lead or lead .. " ") .. text
      if ctx.origins then
        local first, rest = line:match("^([^\n]*)(.*)$")
        line = first .. "  # " .. origin_of(segments, ctx.origins) .. rest
      end
      out[#out + 1] = line
    end
    segments[#segments] = nil
  end
end

-- values: merged values (nulls kept for known-but-unset keys);
-- origins: from the engine when --show-origin, else nil.
function M.yaml(values, origins, chart_secrets)
  local out = {}
  write(out, values, "", {}, { origins = origins, secrets = chart_secrets })
  return table.concat(out, "\n") .. "\n"
end

return M
