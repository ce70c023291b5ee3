-- Deep equality for round trips: what was written and what was read back.
-- Returns nil when equal, else the path of the first difference and why.
local core = require "fsgen.core"

local M = {}

local function show(v)
  if core.is_null(v) then return "null" end
  if type(v) == "string" then return ("%q"):format(v) end
  if math.type(v) == "float" then return ("%.17g (float)"):format(v) end
  return tostring(v)
end

local function sorted_keys(t)
  local keys = {}
  for k in next, t do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    if type(a) ~= type(b) then return type(a) < type(b) end
    return a < b
  end)
  return keys
end

-- An empty table is written as [] when tagged fsgen.list, else as {}.
local function empty_kind(t)
  return core.is_list(t) and "[]" or "{}"
end

function M.diff(a, b, where)
  where = where or "(root)"
  if core.is_null(a) or core.is_null(b) then
    if core.is_null(a) and core.is_null(b) then return nil end
    return ("%s: %s vs %s"):format(where, show(a), show(b))
  end
  if type(a) ~= type(b) or math.type(a) ~= math.type(b) then
    return ("%s: %s vs %s"):format(where, show(a), show(b))
  end
  if type(a) == "number" then
    if a == b and (a ~= 0 or 1 / a == 1 / b) then return nil end
    if a ~= a and b ~= b then return nil end -- NaN
    return ("%s: %s vs %s"):format(where, show(a), show(b))
  end
  if type(a) ~= "table" then
    if a == b then return nil end
    return ("%s: %s vs %s"):format(where, show(a), show(b))
  end
  if next(a) == nil or next(b) == nil then
    if next(a) == nil and next(b) == nil and empty_kind(a) == empty_kind(b) then return nil end
    if next(a) == nil and next(b) == nil then
      return ("%s: %s vs %s"):format(where, empty_kind(a), empty_kind(b))
    end
    return ("%s: one side is empty"):format(where)
  end
  for _, k in ipairs(sorted_keys(a)) do
    if b[k] == nil then return ("%s: key %s missing after the round trip"):format(where, show(k)) end
    local d = M.diff(a[k], b[k], where .. "/" .. show(k))
    if d then return d end
  end
  for _, k in ipairs(sorted_keys(b)) do
    if a[k] == nil then return ("%s: key %s appeared in the round trip"):format(where, show(k)) end
  end
  return nil
end

return M
