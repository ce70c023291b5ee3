-- Where a bad value in an object came from: the values leaf that holds the
-- same value (preferring the one whose path ends like the field's path) and
-- the layer that set it last (overlay, -f file, --set).
local path = require "fsgen.path"

local M = {}

local MAX_DEPTH = 64

-- value -> list of values paths (segment lists) holding it.
local function index_of(values)
  local index, segs = {}, {}
  local function walk(v, d)
    local tv = type(v)
    if tv == "table" then
      if d >= MAX_DEPTH then return end
      for k, x in next, v do
        segs[d + 1] = k
        walk(x, d + 1)
      end
      segs[d + 1] = nil
    elseif (tv == "string" or tv == "number" or tv == "boolean") and v == v then
      local list = index[v]
      if not list then
        list = {}
        index[v] = list
      end
      list[#list + 1] = { table.unpack(segs, 1, d) }
    end
  end
  walk(values, 0)
  return index
end

-- How many trailing keys the two paths share.
local function shared_suffix(a, b)
  local i, j, score = #a, #b, 0
  while i > 0 and j > 0 and a[i] == b[j] do
    if type(a[i]) == "string" then score = score + 1 end
    i, j = i - 1, j - 1
  end
  return score
end

-- The most recent origin entry of a values path or of the nearest enclosing
-- path that has one (a list set as a whole records its path only).
local function last_origin(origins, segs)
  for n = #segs, 1, -1 do
    local list = origins[path.format({ table.unpack(segs, 1, n) })]
    if list and #list > 0 then
      local last = list[#list]
      if last.deleted then return nil end
      return last
    end
  end
  return nil
end

-- cache: a table kept for one run.  Returns { segs = values path,
-- where = "overlays/prod.lua:14" } or nil when no layer set the value or the
-- match is ambiguous.
function M.find(cache, values, origins, v, field_segs)
  local tv = type(v)
  if not (tv == "string" or tv == "number" or tv == "boolean") or v ~= v then return nil end
  cache.index = cache.index or index_of(values)
  local candidates = cache.index[v]
  if not candidates then return nil end
  if not candidates.sorted then
    table.sort(candidates, path.less)
    candidates.sorted = true
  end
  local best, best_score, best_seq, tied
  for _, segs in ipairs(candidates) do
    local o = last_origin(origins, segs)
    if o then
      local score = shared_suffix(segs, field_segs)
      local seq = o.seq or 0
      if best == nil or score > best_score then
        best, best_score, best_seq, tied = { segs = segs, origin = o }, score, seq, false
      elseif score == best_score then
        tied = true
        if seq > best_seq then best, best_seq = { segs = segs, origin = o }, seq end
      end
    end
  end
  if not best then return nil end
  -- Without a shared key the match is a guess: take it only when unique,
  -- and never for a boolean.
  if best_score == 0 and (tied or tv == "boolean") then return nil end
  local o = best.origin
  local where = tostring(o.source)
  if o.line then where = where .. ":" .. tostring(o.line) end
  return { segs = best.segs, where = where }
end

return M
