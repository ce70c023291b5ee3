-- Helm's layering rule for values, with a record of where each value came from.
--
-- Maps merge key by key; lists and scalars replace; fsgen.null in the newer
-- layer deletes the key. fsgen.null in the base (a chart default meaning
-- "known key, no value yet") stays until something replaces it.
local core = require "fsgen.core"
local path = require "fsgen.path"

-- The null marker is one value: comparing with it is cheaper than asking the core.
local NULL = core.null

local M = {}

-- Keys of t in a fixed order (integers first, then strings bytewise), so that
-- nothing derived from a traversal depends on `pairs` order.
local function mixed_order(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return ta < tb end
  if ta == "number" or ta == "string" then return a < b end
  return tostring(a) < tostring(b)
end

function M.sorted_keys(t)
  local keys, all_strings = {}, true
  for k in next, t do
    keys[#keys + 1] = k
    if all_strings and type(k) ~= "string" then all_strings = false end
  end
  if all_strings then
    table.sort(keys) -- the common case: plain bytewise order
  else
    table.sort(keys, mixed_order)
  end
  return keys
end

-- The markers' metatables are protected: getmetatable gives their names,
-- which is cheaper than asking the core on every table met.
local LIST, MAP = getmetatable(core.list {}), getmetatable(core.map {})

-- A list is a table tagged fsgen.list or one whose keys are exactly 1..n, n > 0.
-- (In C: every layer, check and patch asks it of every table.)
M.is_list = core.list_shaped

-- A map is any other table, including an untagged empty one.
function M.is_map(v)
  return type(v) == "table" and not M.is_list(v)
end

-- An untagged empty table: `{}` written by someone who meant "empty" and
-- did not say whether a list or a map.
function M.is_untyped_empty(v)
  if type(v) ~= "table" or next(v) ~= nil then return false end
  local tag = getmetatable(v)
  return tag ~= LIST and tag ~= MAP
end

local function retag(copy, original)
  local tag = getmetatable(original)
  if tag == LIST then
    core.list(copy)
  elseif tag == MAP then
    core.map(copy)
  end
  return copy
end

-- A deep copy; fsgen.list/fsgen.map tags survive, shared subtables stay
-- shared.  In C: each copy is presized instead of grown key by key.
M.deepcopy = core.deepcopy

local merge_value

-- Merges map `over` into a copy of map `base` (base may be nil).
local function merge_maps(base, over)
  local out = {}
  if base then
    for k, x in next, base do
      if over[k] == nil then out[k] = M.deepcopy(x) end
    end
  end
  for k, v in next, over do
    if v ~= NULL then out[k] = merge_value(base and base[k], v) end
  end
  return retag(out, (base and core.is_map(base)) and base or over)
end

-- The merged value of one key: base is what the earlier layers hold (may be
-- nil), over is what the newer layer says (never fsgen.null here).
function merge_value(base, over)
  if type(over) ~= "table" then return over end
  if M.is_list(over) then return M.deepcopy(over) end
  if M.is_untyped_empty(over) then
    -- `{}` over a map changes nothing; over a list it empties the list.
    if M.is_map(base) then return M.deepcopy(base) end
    if M.is_list(base) then return core.list({}) end
    return {}
  end
  return merge_maps(M.is_map(base) and base or nil, over)
end

-- Layers map `over` into map `dst` in place (dst is owned by the caller):
-- the same rule as merge, copying only what `over` brings.
-- owned: the tables of dst this layering may change; the others are still
-- shared with the chart's defaults and are copied (one level) when first
-- changed, so the defaults are never copied whole.
local function merge_into(dst, over, owned)
  for k, v in next, over do
    if v == NULL then
      dst[k] = nil
    else
      local old = dst[k]
      if type(v) == "table" and not M.is_list(v) and not M.is_untyped_empty(v)
          and M.is_map(old) then
        if not owned[old] then
          local copy = {}
          for kk, x in next, old do copy[kk] = x end
          old = retag(copy, old)
          owned[old] = true
          dst[k] = old
        end
        merge_into(old, v, owned)
      else
        dst[k] = merge_value(old, v)
      end
    end
  end
  return dst
end

-- A new table: base with over layered on top (Helm's rule, see above).
function M.merge(base, over)
  if over == nil then return M.deepcopy(base) end
  if over == NULL then return nil end
  return merge_value(base, over)
end

-- Deep copy without fsgen.null map entries (what a chart's render sees).
-- In lists, fsgen.null stays: removing it would shift later elements, and a
-- null list element is meaningful (it is written as `null`).  In C: the
-- copy presizes every table (runtime/values_copy.c).
M.strip_nulls = core.strip_nulls

-- Origin entries whose `line` is computed on first use.
local pending = setmetatable({}, { __mode = "k" })
local lazy_line = {
  __index = function(entry, key)
    if key ~= "line" then return nil end
    local p = pending[entry]
    local line = p and p[1](p[2])
    pending[entry] = nil
    setmetatable(entry, nil)
    entry.line = line
    return line
  end,
}

-- Records one origin entry for the path `segments`.
local function record(state, source, segments, deleted, value, layer)
  local key = path.format(segments)
  local list = state.origins[key]
  if not list then
    list = {}
    state.origins[key] = list
  end
  state.seq = (state.seq or 0) + 1
  local entry = { source = source.name, deleted = deleted or nil,
                  value = value, seq = state.seq, layer = layer }
  if source.locate then
    -- Finding the line costs a scan of the file: done when someone asks.
    setmetatable(entry, lazy_line)
    pending[entry] = { source.locate, { table.unpack(segments) } }
  end
  list[#list + 1] = entry
end

-- Walks what a layer sets, in sorted order: every leaf (scalar, list, empty
-- map) and every deletion gets an origin entry.
local function record_all(state, source, over, segments, layer)
  for _, k in ipairs(M.sorted_keys(over)) do
    local v = over[k]
    segments[#segments + 1] = k
    if v == NULL then
      record(state, source, segments, true, nil, layer)
    elseif M.is_map(v) and next(v) ~= nil then
      record_all(state, source, v, segments, layer)
    else
      record(state, source, segments, false, v, layer)
    end
    segments[#segments] = nil
  end
end

-- Only errors and the tools (explain, values --show-origin) read where
-- values came from; a render that succeeds never does, and recording every
-- path a layer sets was a twentieth of such a render.  So layer keeps what
-- each layer set, and the origins table is filled, in layering order, the
-- first time a key is looked up in it (or settle_origins is called, before
-- a traversal).  Layering copies what it takes from a layer's tables and
-- the engine never changes them, so they still hold what was layered.
-- Returns the deferral; nil when recorded at once, in an origins table
-- already filled (a key there would hide the later entries) or not ours.
local function defer_records(state, over, source)
  local mt = getmetatable(state.origins)
  if (mt ~= nil and not mt.pending) or (mt == nil and next(state.origins) ~= nil) then
    record_all(state, source, over, {}, state.layers)
    return nil
  end
  if not mt then
    local pending = {}
    mt = { pending = pending }
    mt.settle = function()
      setmetatable(state.origins, nil)
      for _, p in ipairs(pending) do record_all(state, p.source, p.over, {}, p.layer) end
    end
    mt.__index = function(origins, key)
      mt.settle()
      return rawget(origins, key)
    end
    mt.__pairs = function(origins)
      mt.settle()
      return next, origins, nil
    end
    setmetatable(state.origins, mt)
  end
  mt.pending[#mt.pending + 1] = { over = over, source = source, layer = state.layers }
  return mt
end

-- Fills the origins table of a state (see defer_records); returns it.
function M.settle_origins(origins)
  local mt = getmetatable(origins)
  if mt and mt.settle then mt.settle() end
  return origins
end

-- Whether origins may record a deletion (fsgen.null): a layer held one.
function M.may_record_deletions(origins)
  local mt = getmetatable(origins)
  return not (mt and mt.settle) or mt.deletions == true
end

-- Values nested deeper could never be written (the emitter stops at 1000).
M.MAX_DEPTH = 1000

-- Raises for values that layering could not walk: a table that contains
-- itself (overlay code can build one) or nesting deeper than MAX_DEPTH.
-- Without this, either ends in a bare "stack overflow" somewhere in here.
-- heights[t] remembers how deep a table already checked goes, so a table
-- shared many times over is walked once.  Returns the height of v.
local saw_null -- check_shape met fsgen.null (anywhere, lists too)

local function check_shape(v, source, segments, on_path, heights)
  local height = 0
  for k, x in next, v do
    if x == NULL then saw_null = true end
    if type(x) == "table" then
      segments[#segments + 1] = k
      if on_path[x] then
        error(("%s: values: %s: a table that contains itself"):format(source.name, path.format(segments)), 0)
      end
      local below = heights[x]
      if not below then
        if #segments > M.MAX_DEPTH then below = 0
        else
          on_path[x] = true
          below = check_shape(x, source, segments, on_path, heights)
          on_path[x] = nil
          heights[x] = below
        end
      end
      if #segments + below > M.MAX_DEPTH then
        local shown = { table.unpack(segments, 1, math.min(#segments, 10)) }
        error(("%s: values nested deeper than %d levels (%s...)"):format(
          source.name, M.MAX_DEPTH, path.format(shown)), 0)
      end
      if below + 1 > height then height = below + 1 end
      segments[#segments] = nil
    end
  end
  return height
end

-- Layers `over` onto state.values and records provenance.  state.values is
-- never changed in place below its top: what a layer changes is copied first,
-- so state.values may start as the chart's defaults themselves.
--   state  = { values = <table>, origins = { ["a.b"] = { entry, ... } } }
--   source = { name = "overlays/prod.lua", locate = function(segments) -> line or "line:col" }
-- Each entry is { source = name, line = ..., deleted = true|nil, value = the
-- value set (leaves only), seq = n, layer = n }, most recent last; seq orders entries across all paths, layer
-- counts the calls to layer (state.layers).
function M.layer(state, over, source)
  if not M.is_map(over) then
    local got = M.is_list(over) and "a list" or ("a " .. type(over))
    if over == NULL then got = "null" end
    error(("%s: values must be a map, got %s"):format(source.name, got), 0)
  end
  saw_null = false
  check_shape(over, source, {}, { [over] = true }, {})
  if not state.owned then
    -- A fresh state: its values are its own (or shared with the defaults
    -- below the top, see merge_into).
    local root = {}
    for k, x in next, state.values or {} do root[k] = x end
    state.values = root
    state.owned = setmetatable({ [root] = true }, { __mode = "k" })
  end
  state.values = merge_into(state.values, over, state.owned)
  state.origins = state.origins or {}
  state.layers = (state.layers or 0) + 1
  local deferred = defer_records(state, over, source)
  if saw_null and deferred then deferred.deletions = true end
  return state
end

return M
