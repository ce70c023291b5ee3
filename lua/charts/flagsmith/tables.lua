-- Small table helpers the chart's modules share.  Values from the engine are
-- read-only: every helper here returns new tables.
local M = {}

function M.is_empty(t)
  return t == nil or next(t) == nil
end

local function by_text(a, b) return tostring(a) < tostring(b) end

-- Keys in order of their text (string keys, as almost always: plain order).
function M.sorted_keys(t)
  local keys, strings = {}, true
  for k in pairs(t or {}) do
    keys[#keys + 1] = k
    if strings and type(k) ~= "string" then strings = false end
  end
  table.sort(keys, not strings and by_text or nil)
  return keys
end

-- A new map: a's entries, then b's over them (one level).
function M.merge_flat(a, b)
  local out = {}
  for k, v in pairs(a or {}) do out[k] = v end
  for k, v in pairs(b or {}) do out[k] = v end
  return out
end

-- A new deep copy of v (nil stays nil).
function M.copy(v)
  if v == nil then return nil end
  return fsgen.deepcopy(v)
end

-- Deep merge where `over` wins: maps merge key by key, lists and scalars
-- replace.  Either side may be nil.
function M.deep_merge(base, over)
  if base == nil then return M.copy(over) end
  if over == nil then return M.copy(base) end
  return fsgen.merge(base, over)
end

-- A copy of t without the keys listed.
function M.without(t, ...)
  local drop = {}
  for _, k in ipairs { ... } do drop[k] = true end
  local out = {}
  for k, v in pairs(t or {}) do
    if not drop[k] then out[k] = M.copy(v) end
  end
  return out
end

-- The text of a scalar value as Helm's `quote` writes it; nil for tables.
function M.scalar_text(v)
  local kind = type(v)
  if kind == "string" then return v end
  if kind == "boolean" then return v and "true" or "false" end
  if kind == "number" then
    if math.type(v) == "integer" then return string.format("%d", v) end
    if v == math.floor(v) and v > -2 ^ 53 and v < 2 ^ 53 then return string.format("%d", math.tointeger(v)) end
    return tostring(v)
  end
  return nil
end

-- A copy of a map whose values are all strings (labels, annotations, env);
-- `where` names the value in the error for a value that is not a scalar.
function M.stringify_map(t, where)
  local out = {}
  for _, k in ipairs(M.sorted_keys(t)) do
    local text = M.scalar_text(t[k])
    if text == nil then
      error(("%s.%s: expected a string, number or boolean, got a %s"):format(where, k, type(t[k])), 0)
    end
    out[k] = text
  end
  return out
end

-- The list of names used by a list of entries with a `name` field.
function M.names_of(entries)
  local seen = {}
  for _, e in ipairs(entries or {}) do
    if type(e) == "table" and e.name then seen[e.name] = true end
  end
  return seen
end

-- A new list: a's items then b's.
function M.concat(a, b)
  local out = {}
  for _, v in ipairs(a or {}) do out[#out + 1] = M.copy(v) end
  for _, v in ipairs(b or {}) do out[#out + 1] = M.copy(v) end
  return out
end

-- Appends each non-nil argument to list; returns list.
function M.append(list, ...)
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    if v ~= nil then list[#list + 1] = v end
  end
  return list
end

-- t, or nil when t is empty (so the field is left out).
function M.non_empty(t)
  if M.is_empty(t) then return nil end
  return t
end

return M
