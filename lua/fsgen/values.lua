-- Checks merged values against the chart's defaults: unknown keys and
-- types that contradict the default.
--
-- Messages never contain a value, only paths, keys and type names, so a
-- secret cannot leak through them whatever key it hides under.
local core = require "fsgen.core"
local merge = require "fsgen.merge"
local path = require "fsgen.path"
local suggest = require "fsgen.suggest"

local M = {}

local MAX_LISTED_KEYS = 8

-- The type name used in messages: null, empty (an untagged {}), list, map,
-- number, string, boolean, ...
local kind_of = core.value_kind

local function article(kind)
  if kind == "null" then return "null" end
  return "a " .. kind
end

-- Does value fit where the chart's default is `default`?
local function compatible(default_kind, value_kind)
  if default_kind == "null" or value_kind == "null" then return true end
  if value_kind == "empty" then return default_kind == "list" or default_kind == "map" or default_kind == "empty" end
  if default_kind == "empty" then return value_kind == "map" end -- `{}` default: an open map
  return default_kind == value_kind
end

-- Open-map patterns: "a.b" or "*.nodeSelector" ('*' is any one key),
-- grouped by their number of segments: a map is asked about only the
-- patterns of its own depth.  Parsed once per process for each pattern.
local parsed_patterns = {}

local function compile_patterns(list)
  local by_length = {}
  for _, text in ipairs(list or {}) do
    local segments = parsed_patterns[text]
    if not segments then
      local err
      segments, err = path.parse(text)
      if not segments then error("open-map pattern " .. err, 0) end
      parsed_patterns[text] = segments
    end
    local n = #segments
    by_length[n] = by_length[n] or {}
    table.insert(by_length[n], segments)
  end
  return by_length
end

local function matches_any(by_length, segments)
  local n = #segments
  for _, pattern in ipairs(by_length[n] or {}) do
    local ok = true
    for i = 1, n do
      local p = pattern[i]
      if p ~= "*" and p ~= segments[i] then
        ok = false
        break
      end
    end
    if ok then return true end
  end
  return false
end

local function copy_segments(segments, n)
  local out = {}
  for i = 1, n or #segments do out[i] = segments[i] end
  return out
end

local function string_keys(t)
  local keys = {}
  for _, k in ipairs(merge.sorted_keys(t)) do
    if type(k) == "string" then keys[#keys + 1] = k end
  end
  return keys
end

-- Is `rest` (segments) a path that exists under the default `node`?
local function exists_under(node, rest)
  for _, key in ipairs(rest) do
    if type(node) ~= "table" or merge.is_list(node) then return false end
    node = node[key]
    if node == nil then return false end
  end
  return true
end

-- The problem for an unknown key. `segments` leads to the unknown key; `rest`
-- continues along what the user wrote (shown, and kept in the suggestion
-- when the corrected key has it too).
local function unknown_problem(segments, rest, default_map)
  local shown = copy_segments(segments)
  for _, k in ipairs(rest) do shown[#shown + 1] = k end
  local key = segments[#segments]
  local known = string_keys(default_map)
  local hint = ""
  local near = type(key) == "string" and suggest.nearest(key, known) or nil
  if near then
    local fixed = copy_segments(segments, #segments - 1)
    fixed[#fixed + 1] = near
    if exists_under(default_map[near], rest) then
      for _, k in ipairs(rest) do fixed[#fixed + 1] = k end
    end
    hint = (" (did you mean '%s'?)"):format(path.format(fixed))
  elseif #known > 0 and #known <= MAX_LISTED_KEYS then
    hint = (" (known keys here: %s)"):format(table.concat(known, ", "))
  end
  return {
    path = shown, kind = "unknown", unknown_at = copy_segments(segments),
    message = ("unknown value '%s'%s"):format(path.format(shown), hint),
  }
end

-- The user's own path below an unknown key: followed while it is a map with
-- exactly one key, so `ingres = { frontend = { enabled, hosts } }` shows as
-- 'ingres.frontend'.
local function single_chain(v)
  local rest = {}
  while merge.is_map(v) do
    local k = next(v)
    if k == nil or next(v, k) ~= nil then break end
    rest[#rest + 1] = k
    v = v[k]
  end
  return rest
end

local SCALAR = { string = true, number = true, boolean = true }

local Checker = {}
Checker.__index = Checker

function Checker:is_open(default, segments)
  if merge.is_untyped_empty(default) or (core.is_map(default) and next(default) == nil) then
    return true
  end
  return matches_any(self.open, segments)
end

function Checker:add(problem)
  self.problems[#self.problems + 1] = problem
end

function Checker:walk(value, default, segments)
  -- Layering shares every subtree no layer changed with the defaults
  -- themselves (merge.layer), and a default always fits itself.
  if value == default then return end
  -- Two scalars of one type (a string for a string): nothing more to ask.
  local tv = type(value)
  if tv == type(default) and tv ~= "table" and tv ~= "userdata" then return end
  local dkind, vkind = kind_of(default), kind_of(value)
  if not compatible(dkind, vkind) then
    self:add({
      path = copy_segments(segments), kind = "type", expected = dkind, got = vkind,
      message = ("%s: expected %s like the chart's default, got %s"):format(
        path.format(segments), article(dkind == "empty" and "map" or dkind), article(vkind)),
    })
    return
  end
  if vkind ~= "map" or dkind == "null" then return end
  local open = self:is_open(default, segments)
  -- Any order: problems are sorted at the end.
  for k in next, value do
    segments[#segments + 1] = k
    local d = default[k]
    -- In an open map (extraEnv, labels, ...) a default entry is an example:
    -- any scalar may replace it ("true" for true).
    if open and SCALAR[type(d)] and SCALAR[type(value[k])] then
      d = nil
    end
    if d ~= nil then
      -- (a subtree still shared with the defaults fits them: see walk)
      if value[k] ~= d then self:walk(value[k], d, segments) end
    elseif not open and not self.allow_unknown then
      self.reported[path.format(segments)] = true
      self:add(unknown_problem(segments, single_chain(value[k]), default))
    end
    segments[#segments] = nil
  end
end

-- A deletion (fsgen.null) of a key the chart does not have leaves no value
-- behind to check, so the recorded deletions are checked on their own.
function Checker:check_deletion(segments)
  local node = self.defaults
  for i, key in ipairs(segments) do
    if kind_of(node) ~= "map" and kind_of(node) ~= "empty" then return end
    local prefix = copy_segments(segments, i)
    local child = node[key]
    if child == nil then
      if self:is_open(node, copy_segments(segments, i - 1)) then return end
      if self.reported[path.format(prefix)] then return end
      self.reported[path.format(prefix)] = true
      local rest = {}
      for j = i + 1, #segments do rest[#rest + 1] = segments[j] end
      self:add(unknown_problem(prefix, rest, node))
      return
    end
    node = child
  end
end

local function latest(entries)
  return entries and entries[#entries]
end

-- Problems (sorted by path, empty when fine): { path = {segments},
-- message = "...", kind = "unknown"|"type", expected =, got = }.
--   opts.open          extra open-map patterns ("api.podAnnotations", "*.nodeSelector")
--   opts.allow_unknown  unknown keys are not problems
--   opts.origins       from merge.layer: lets deletions of unknown keys be caught
function M.check(values, defaults, opts)
  opts = opts or {}
  local self = setmetatable({
    defaults = defaults, open = compile_patterns(opts.open),
    allow_unknown = opts.allow_unknown, problems = {}, reported = {},
  }, Checker)
  self:walk(values, defaults, {})
  if opts.origins and not opts.allow_unknown and merge.may_record_deletions(opts.origins) then
    for _, key in ipairs(merge.sorted_keys(merge.settle_origins(opts.origins))) do
      local entry = latest(opts.origins[key])
      if entry and entry.deleted then
        local segments = path.parse(key)
        if segments then self:check_deletion(segments) end
      end
    end
  end
  table.sort(self.problems, function(a, b)
    if path.less(a.path, b.path) then return true end
    if path.less(b.path, a.path) then return false end
    return a.message < b.message
  end)
  return self.problems
end

local function is_prefix(short, long)
  if #short > #long then return false end
  for i = 1, #short do
    if short[i] ~= long[i] then return false end
  end
  return true
end

-- The origin entry that explains a problem at `segments`: the path itself,
-- else its nearest recorded ancestor (a list or scalar set whole), else the
-- first-recorded path below it within the most recent layer that set any.
local function find_origin(segments, origins)
  local exact = latest(origins[path.format(segments)])
  if exact then return exact end
  for n = #segments - 1, 1, -1 do
    local entry = latest(origins[path.format(copy_segments(segments, n))])
    if entry then return entry end
  end
  local below = {}
  for _, key in ipairs(merge.sorted_keys(merge.settle_origins(origins))) do
    local sub = path.parse(key)
    local entry = latest(origins[key])
    if sub and entry and #sub > #segments and is_prefix(segments, sub) then
      below[#below + 1] = entry
    end
  end
  local best
  for _, entry in ipairs(below) do
    if best == nil or (entry.seq or 0) > (best.seq or 0) then best = entry end
  end
  if not best then return nil end
  -- Within the layer of the latest entry, the first one it recorded.
  for _, entry in ipairs(below) do
    if entry.layer == best.layer and (entry.seq or 0) < (best.seq or 0) then best = entry end
  end
  return best
end

-- One line: the problem prefixed with where the offending value came from,
-- "overlays/prod.lua:12: ...", "values.yaml:4:3: ...", "--set: ...".
function M.describe(problem, origins)
  local origin = origins and find_origin(problem.path, origins)
  local message = problem.message
  if origin and (origin.source == "--set") and problem.kind == "type"
      and problem.expected == "string" and (problem.got == "number" or problem.got == "boolean") then
    message = message .. " (use --set-string to pass it as a string)"
  end
  if not origin or not origin.source then return message end
  if origin.line then
    return ("%s:%s: %s"):format(origin.source, tostring(origin.line), message)
  end
  return ("%s: %s"):format(origin.source, message)
end

return M
