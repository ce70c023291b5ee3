-- Oracles for layering values and checking them against a chart's
-- defaults.  Every value the input builds (fuzz_tables.lua, plain data
-- only) is one layer, laid over the result of the ones before it.
--   * Helm's rule holds key by key: null deletes, scalars and lists
--     replace, maps merge, `{}` over a map changes nothing
--   * the result shares no table with any layer (later patches mutate it)
--     and the layers themselves are left as they were (the merged values
--     are the state's own: layering may update them in place)
--   * every provenance path reads back as the path it was made from
--   * the check's messages are one line each and never show a value
local core = require "fsgen.core"
local merge = require "fsgen.merge"
local path = require "fsgen.path"
local values = require "fsgen.values"
local tables = require "fuzz_tables"
local same = require "fuzz_same"

local MAX_NODES = 5000
local cover = fuzz_cover or function() end -- set by fuzz/harness.c

local DEFAULTS = {
  image = { repository = "example/demo", tag = "1.0" },
  replicas = 1, ratio = 0.5, enabled = false, name = core.null,
  labels = {}, annotations = core.map {}, hosts = core.list {}, ports = { 80, 443 },
  secret = { password = core.null },
  nested = { a = { b = { c = 1 } } },
  env = {}, resources = { limits = {} },
}
local OPEN = { "*.labels", "nested.a" }

local function bug(fmt, ...)
  error("BUG: " .. fmt:format(...), 0)
end

local function expect_same(got, want, where)
  local d = same.diff(want, got, where)
  if d then bug("layering: %s", d) end
end

-- Checks result = base layered with over, key by key.
local function check_merge(base, over, result, where)
  if type(result) ~= "table" then bug("%s: a map layered gave a %s", where, type(result)) end
  for k, v in next, over do
    local at = where .. "/" .. tostring(k)
    local b = base and base[k]
    if core.is_null(v) then
      if result[k] ~= nil then bug("%s: null did not delete the key", at) end
    elseif type(v) ~= "table" or merge.is_list(v) then
      expect_same(result[k], v, at)
    elseif merge.is_untyped_empty(v) then
      if merge.is_map(b) then
        expect_same(result[k], b, at)
      elseif type(result[k]) ~= "table" or next(result[k]) ~= nil then
        bug("%s: {} gave a non-empty value", at)
      elseif merge.is_list(b) ~= core.is_list(result[k]) then
        bug("%s: {} over %s gave the wrong kind of empty table", at, merge.is_list(b) and "a list" or "a scalar")
      end
    else
      check_merge(merge.is_map(b) and b or nil, v, result[k], at)
    end
  end
  if base then
    for k, x in next, base do
      if over[k] == nil then expect_same(result[k], x, where .. "/" .. tostring(k)) end
    end
  end
  for k in next, result do
    if over[k] == nil and not (base and base[k] ~= nil) then
      bug("%s/%s: a key from nowhere", where, tostring(k))
    end
  end
end

local function collect_tables(v, into)
  if type(v) ~= "table" or into[v] then return into end
  into[v] = true
  for k, x in next, v do
    collect_tables(k, into)
    collect_tables(x, into)
  end
  return into
end

local function check_no_sharing(result, inputs)
  local theirs = {}
  for _, v in ipairs(inputs) do collect_tables(v, theirs) end
  for t in next, collect_tables(result, {}) do
    if theirs[t] then bug("the merged values share a table with a layer") end
  end
end

local function check_origins(origins)
  for key, entries in next, origins do
    local segments, err = path.parse(key)
    if not segments then bug("provenance path %q does not parse: %s", key, err) end
    if path.format(segments) ~= key then bug("provenance path %q reads back as %q", key, path.format(segments)) end
    if #entries == 0 then bug("provenance path %q without entries", key) end
    for i = 2, #entries do
      if entries[i].seq <= entries[i - 1].seq then bug("provenance of %q out of order", key) end
    end
  end
end

local function check_problems(problems, described)
  for i, p in ipairs(problems) do
    for _, line in ipairs { p.message, described[i] } do
      if type(line) ~= "string" then bug("a problem without a message") end
      if line:find("\n", 1, true) then bug("message of more than one line: %q", line) end
      if line:find(tables.SECRET, 1, true) then bug("message shows a value: %q", line) end
    end
  end
end

return function(bytes)
  local layers = tables.build(bytes, { data_only = true })
  for _, v in ipairs(layers) do
    if tables.tree_size(v, MAX_NODES) > MAX_NODES then return end
  end
  local state, seen = {}, {}
  for i, over in ipairs(layers) do
    local name = "layer" .. i
    local before_over = merge.deepcopy(over)
    local base = state.values
    local before_base = merge.deepcopy(base)
    cover(true)
    local ok, err = pcall(merge.layer, state, over, { name = name, locate = function() return i end })
    cover(false)
    if not ok then
      if err == "not enough memory" then return end
      if merge.is_map(over) then bug("layer %d, a map, refused: %s", i, tostring(err)) end
      if type(err) ~= "string" or not err:match("^" .. name .. ": values must be a map, got ") then
        bug("refusal of a non-map: %q", tostring(err))
      end
      if state.values ~= base then bug("a refused layer replaced the values") end
      if base then expect_same(base, before_base, name .. " (refused)") end
    else
      if not merge.is_map(over) then bug("layer %d is no map but was accepted", i) end
      check_merge(before_base, over, state.values, name)
      seen[#seen + 1] = over
      expect_same(over, before_over, name .. " (input)")
    end
  end
  if not state.values then return end
  check_no_sharing(state.values, seen)
  check_origins(state.origins)
  cover(true)
  local ok, problems = pcall(values.check, state.values, DEFAULTS, { origins = state.origins, open = OPEN })
  local lines = {}
  for i, p in ipairs(ok and problems or {}) do lines[i] = values.describe(p, state.origins) end
  cover(false)
  if not ok then
    if problems == "not enough memory" then return end
    bug("values.check raised: %s", tostring(problems))
  end
  check_problems(problems, lines)
end
