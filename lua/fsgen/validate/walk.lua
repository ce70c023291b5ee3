-- Walks one value against a schema node (see fsgen.schema.convert for the
-- node fields): types without coercion, unknown and required fields, enums,
-- integer formats, base64, quantities, list keys, and the constraints CRDs
-- add.  On the way it tags every empty table with fsgen.list or fsgen.map as
-- the schema says, so the emitter writes `[]` or `{}` correctly.
--
-- st: { path = segments of the current place, errors = {}, obj, kind, ... }
-- (see fsgen.validate); d: how many segments of st.path lead to the value
-- being checked.  Hooks (M.HOOKS) and patches (M.PATCHES) of definitions
-- must be registered before the first walk: a definition is prepared once.
--
-- Values the emitter refuses anyway (functions, NaN, tables with holes or
-- mixed keys) are left to it, so that its more precise message is the one
-- shown.
local core = require "fsgen.core"
local schema = require "fsgen.schema"
local report = require "fsgen.validate.report"
local suggest = require "fsgen.suggest"

local M = {}

local NULL = core.null
local tag_list, tag_map = core.list, core.map
local mtype, type, next, rawget, getmetatable = math.type, type, next, rawget, getmetatable
local add, bad_value, bad_type = report.add, report.bad_value, report.bad_type

-- definition name -> function(st, v, d) run on every map of that
-- definition before its fields are walked (set by fsgen.validate).
local HOOKS = {}
M.HOOKS = HOOKS

local INT32_MIN, INT32_MAX = -2147483648, 2147483647

M.EXPECTED = {
  string = "a string", integer = "an integer", number = "a number", boolean = "a boolean",
  object = "a map", array = "a list", ["int-or-string"] = "an integer or a string",
  quantity = "a quantity (a string like '512Mi' or a number)",
}
local EXPECTED = M.EXPECTED

-- Hints for the usual type mistakes; shown is the value as the message shows it.
local function hint_for(expected, v)
  local tv = type(v)
  if (expected == "string" or expected == "int-or-string" and tv == "boolean")
      and (tv == "number" or tv == "boolean") then
    return function(shown)
      if shown == report.HIDDEN then return "quote it, or use tostring in Lua" end
      return ('quote it: "%s", or tostring(%s) in Lua'):format(shown, shown)
    end
  end
  if (expected == "integer" or expected == "int-or-string") and mtype(v) == "float"
      and v == math.floor(v) and v == v then
    return function() return "use an integer: math.tointeger in Lua, or write it without '.0'" end
  end
  if (expected == "integer" or expected == "number") and tv == "string"
      and v:match("^%s*[+-]?%d+%.?%d*%s*$") then
    return function(shown)
      if shown == report.HIDDEN then return "write it without quotes, or use tonumber in Lua" end
      return ("write it without quotes: %s, or tonumber(%s) in Lua"):format(v:match("^%s*(.-)%s*$"), shown)
    end
  end
  if expected == "boolean" and (v == "true" or v == "false") then
    return function() return ("write %s without quotes"):format(v) end
  end
  return nil
end

local emittable

local function wrong_type(st, d, v, expected)
  -- What the emitter refuses anyway is left to its more precise message.
  if not emittable(v) then return end
  bad_type(st, d, v, EXPECTED[expected] or expected, hint_for(expected, v))
end

-- Only asked once a value is found wrong, so it may take its time.
function emittable(v)
  local tv = type(v)
  if tv == "number" then return v == v and v ~= math.huge and v ~= -math.huge end
  if tv == "table" and rawget(v, 1) ~= nil then
    -- a list: no holes, no other keys
    local count = 0
    for k in next, v do
      if mtype(k) ~= "integer" then return false end
      count = count + 1
    end
    return count == #v
  end
  return tv == "string" or tv == "boolean" or tv == "table" or v == NULL
end

local function enum_set(node)
  local set = node._set
  if not set then
    set = {}
    for _, x in ipairs(node.enum) do set[x] = true end
    node._set = set
  end
  return set
end

local function enum_list(node)
  local parts = {}
  for i, x in ipairs(node.enum) do parts[i] = type(x) == "string" and x or tostring(x) end
  return table.concat(parts, ", ")
end

local function check_enum(st, d, v, node)
  if enum_set(node)[v] then return end
  local near = type(v) == "string" and suggest.nearest(v, node.enum)
  bad_value(st, d, v, "%s is not one of " .. enum_list(node)
    .. (near and (" (did you mean '" .. near .. "'?)") or ""))
end

-- Kubernetes' quantity syntax: a decimal number, then a binary (Ki..Ei) or
-- decimal (n u m k M G T P E) suffix or an exponent.
local SUFFIXES = { Ki = true, Mi = true, Gi = true, Ti = true, Pi = true, Ei = true, n = true,
                   u = true, m = true, k = true, M = true, G = true, T = true, P = true, E = true }

local function parse_quantity(s)
  s = s:match("^%s*(.-)%s*$")
  local rest = s:match("^[+-]?%d+%.?%d*(.*)$") or s:match("^[+-]?%.%d+(.*)$")
  if not rest then return false end
  return rest == "" or SUFFIXES[rest] == true or rest:match("^[eE][+-]?%d+$") ~= nil
end

local quantities = {}

function M.is_quantity(s)
  local ok = quantities[s]
  if ok == nil then
    ok = parse_quantity(s)
    quantities[s] = ok
  end
  return ok
end

local function quantity_example(s)
  local num, unit = s:match("^%s*(%d+%.?%d*)%s*([KkMmGgTtPpEe])[iI]?[bB]%s*$")
  if num then return num .. unit:upper():gsub("^K", "Ki"):gsub("^([MGTPE])$", "%1i") end
  return "512Mi, 250m or 1.5"
end

local function is_base64(s)
  s = s:gsub("[\r\n]", "")
  local body, pad = s:match("^([A-Za-z0-9+/]*)(=*)$")
  return body ~= nil and #pad <= 2 and (#body + #pad) % 4 == 0 and not (#body == 0 and #pad > 0)
end

local function key_text(st, d, keys, values)
  local parts = {}
  for j, k in ipairs(keys) do
    local x = values[j]
    parts[j] = k .. " " .. (type(x) == "string" and report.literal(x) or tostring(x))
  end
  return table.concat(parts, " and ")
end

-- x-kubernetes-list-type map: entries must differ in their keys (absent
-- keys take their defaults); set: items must differ.
local function check_unique(st, d, v, node)
  local seen = {}
  local parent = st.path[d]
  local where = type(parent) == "string" and parent or ""
  if node.lt == "set" then
    for i = 1, #v do
      local x = v[i]
      if type(x) ~= "table" and x ~= nil then
        local first = seen[x]
        if first then
          st.path[d + 1] = i
          local segs = report.copy_path(st, d + 1)
          local shown = report.is_secret(st, segs, x) and "" or (" " .. report.literal(x))
          report.add_at(st, segs, ("duplicate value%s (also at %s[%d]; the list is a set)")
            :format(shown, where, first - 1))
        else
          seen[x] = i
        end
      end
    end
    return
  end
  local keys, defaults = node.lk, node.kd
  if not keys then return end
  local nkeys = #keys
  if nkeys == 1 then
    -- The usual case (containers, env, volumes by name): no signature to build.
    local k = keys[1]
    local default = defaults and defaults[k]
    for i = 1, #v do
      local item = v[i]
      if type(item) == "table" then
        local x = item[k]
        if x == nil or x == NULL then x = default end
        if x ~= nil and type(x) ~= "table" then
          local first = seen[x]
          if first then
            st.path[d + 1] = i
            add(st, d + 1, ("duplicate entry (same %s as %s[%d])"):format(key_text(st, d, keys, { x }), where, first - 1))
          else
            seen[x] = i
          end
        end
      end
    end
    return
  end
  for i = 1, #v do
    local item = v[i]
    if type(item) == "table" then
      local sig
      for j = 1, nkeys do
        local k = keys[j]
        local x = item[k]
        if x == nil or x == NULL then x = defaults and defaults[k] end
        if x == nil or type(x) == "table" then
          sig = nil
          break
        end
        sig = (sig and (sig .. "\0") or "") .. type(x) .. ":" .. tostring(x)
      end
      if sig ~= nil then
        local first = seen[sig]
        if first then
          local values = {}
          for j, k in ipairs(keys) do
            local x = v[i][k]
            if x == nil or x == NULL then x = defaults and defaults[k] end
            values[j] = x
          end
          st.path[d + 1] = i
          add(st, d + 1, ("duplicate entry (same %s as %s[%d])")
            :format(key_text(st, d, keys, values), where, first - 1))
        else
          seen[sig] = i
        end
      end
    end
  end
end

local function unknown_field(st, d, node, k)
  local names = node._names
  if not names then
    names = {}
    for name in pairs(node.props or {}) do names[#names + 1] = name end
    table.sort(names)
    node._names = names
  end
  local near = suggest.nearest(k, names)
  if near then
    add(st, d, ("unknown field (did you mean '%s'?)"):format(near))
  elseif #names > 0 and #names <= 12 then
    add(st, d, "unknown field (fields here: " .. table.concat(names, ", ") .. ")")
  else
    add(st, d, "unknown field")
  end
end

local EMBEDDED = { apiVersion = { t = "string" }, kind = { t = "string" }, metadata = { t = "object", open = true } }

-- Each node is resolved once to the node that checks its values (node._n:
-- itself, or the definition a ref names), and that one gets the function
-- doing it (_f), chosen for what the node needs: plain nodes (most of
-- them) skip every question their kind cannot need.
local resolve

local function walk_string(st, v, _, d)
  if type(v) ~= "string" then wrong_type(st, d, v, "string") end
end

local function walk_integer(st, v, _, d)
  if mtype(v) ~= "integer" then wrong_type(st, d, v, "integer") end
end

local function walk_boolean(st, v, _, d)
  if type(v) ~= "boolean" then wrong_type(st, d, v, "boolean") end
end

local EMPTY = {}

local function walk_object(st, v, node, d)
  if type(v) ~= "table" then return wrong_type(st, d, v, "object") end
  if v[1] ~= nil then return wrong_type(st, d, v, "object") end
  local props, path, d1 = node.props or EMPTY, st.path, d + 1
  local empty = true
  for k, x in next, v do
    empty = false
    local pn = props[k]
    if pn then
      if x ~= NULL then
        path[d1] = k
        local n = pn._n or resolve(pn)
        local f = n._f
        if f == walk_string then
          if type(x) ~= "string" then wrong_type(st, d1, x, "string") end
        else
          f(st, x, n, d1)
        end
      end
    elseif type(k) == "string" then
      local extra = node.add or (node.emb and EMBEDDED[k])
      path[d1] = k
      if extra then
        local n = extra._n or resolve(extra)
        n._f(st, x, n, d1)
      elseif not node.open then
        unknown_field(st, d1, node, k)
      end
    end
  end
  if empty then
    local mt = getmetatable(v)
    if mt == "fsgen.list" then return wrong_type(st, d, v, "object") end
    if mt == nil then tag_map(v) end
  end
  local req = node.req
  if req then
    for i = 1, #req do
      local r = req[i]
      local x = v[r]
      if x == nil or x == NULL then
        path[d1] = r
        add(st, d1, "missing required field")
      end
    end
  end
end

local function walk_array(st, v, node, d)
  if type(v) ~= "table" then return wrong_type(st, d, v, "array") end
  local count = #v
  if count == 0 then
    if next(v) == nil then
      local mt = getmetatable(v)
      if mt == "fsgen.map" then return wrong_type(st, d, v, "array") end
      if mt == nil then tag_list(v) end
      return
    end
    return wrong_type(st, d, v, "array")
  end
  local items = node.items
  if items then
    local path, d1 = st.path, d + 1
    local n = items._n or resolve(items)
    local f = n._f
    for i = 1, count do
      local x = v[i]
      if x ~= nil then
        path[d1] = i
        f(st, x, n, d1)
      end
    end
  end
  if node.lt then check_unique(st, d, v, node) end
end

-- A map of strings ({t = "object", add = {t = "string"}}): labels,
-- annotations, data, nodeSelector.
local function walk_string_map(st, v, _, d)
  if type(v) ~= "table" then return wrong_type(st, d, v, "object") end
  if v[1] ~= nil then return wrong_type(st, d, v, "object") end
  local path, d1 = st.path, d + 1
  local empty = true
  for k, x in next, v do
    empty = false
    if type(x) ~= "string" and type(k) == "string" then
      path[d1] = k
      wrong_type(st, d1, x, "string")
    end
  end
  if empty then
    local mt = getmetatable(v)
    if mt == "fsgen.list" then return wrong_type(st, d, v, "object") end
    if mt == nil then tag_map(v) end
  end
end

-- Any node: every question asked.
local function walk_full(st, v, node, d)
  if v == NULL then
    if not node.null then
      -- null in a list or a map value (optional fields skip it)
      bad_type(st, d, v, EXPECTED[node.t] or "a value")
    end
    return
  end
  local t = node.t
  local tv = type(v)
  if t == "string" then
    if tv ~= "string" then return wrong_type(st, d, v, t) end
    if node.fmt == "byte" and not is_base64(v) then
      bad_value(st, d, v, "%s is not valid base64 (put plain text under stringData instead)")
    end
  elseif t == "object" then
    if tv ~= "table" then return wrong_type(st, d, v, t) end
    walk_object(st, v, node, d)
  elseif t == "array" then
    if tv ~= "table" then return wrong_type(st, d, v, t) end
    walk_array(st, v, node, d)
  elseif t == "integer" then
    if mtype(v) ~= "integer" then return wrong_type(st, d, v, t) end
    if node.fmt == "int32" and (v < INT32_MIN or v > INT32_MAX) then
      bad_value(st, d, v, "%s is out of range for a 32-bit integer (-2147483648 to 2147483647)")
    end
  elseif t == "boolean" then
    if tv ~= "boolean" then return wrong_type(st, d, v, t) end
  elseif t == "int-or-string" then
    if tv ~= "string" and mtype(v) ~= "integer" then return wrong_type(st, d, v, t) end
  elseif t == "quantity" then
    if tv == "string" then
      if not M.is_quantity(v) then
        bad_value(st, d, v, "%s is not a quantity (e.g. " .. quantity_example(v) .. ")")
      end
    elseif tv ~= "number" then
      return wrong_type(st, d, v, t)
    end
  elseif t == "number" then
    if tv ~= "number" then return wrong_type(st, d, v, t) end
  elseif t == nil and tv == "table" then
    -- any value: still look inside for what a node without type may declare
    if node.props or node.add then walk_object(st, v, node, d) end
  end
  if node.enum then check_enum(st, d, v, node) end
  if node.c then require("fsgen.validate.constraints").check(st, d, v, node) end
end

-- A definition with a hook: the hook sees the map first.
local function walk_hooked(st, v, node, d)
  if type(v) == "table" then node._h(st, v, d) end
  return node._g(st, v, node, d)
end

-- A ref that may be null.
local function walk_nullable_ref(st, v, node, d)
  if v == NULL then return end
  local def = node._def
  return def._f(st, v, def, d)
end

local PLAIN = { string = walk_string, integer = walk_integer, boolean = walk_boolean,
                object = walk_object, array = walk_array }

local function plain_string(node)
  return node and node.t == "string" and not (node.enum or node.c or node.null or node.fmt or node.ref)
end

local function link(node)
  local f
  if node.enum or node.c or node.null or (node.fmt and node.fmt ~= "int64") then
    f = walk_full
  elseif node.t == "object" and not node.props and not node.req and not node.open
      and not node.emb and plain_string(node.add) then
    f = walk_string_map
  else
    f = PLAIN[node.t] or walk_full
  end
  node._f = f
end

-- definition name -> function(def) that may replace nodes of the
-- definition before its first use (set by fsgen.validate).
local PATCHES = {}
M.PATCHES = PATCHES

-- For patches: gives def a copy of its props with some fields' nodes
-- replaced (props tables may be shared between definitions).
function M.replace_props(def, replacements)
  local props = {}
  for k, n in pairs(def.props or {}) do props[k] = n end
  for k, n in pairs(replacements) do props[k] = n end
  def.props = props
end

-- A node checked by its own function walker(st, v, node, d).
function M.custom_node(fields, walker)
  fields._f = walker
  fields._n = fields
  return fields
end

local function definition(name)
  local def = schema.def(name)
  if not def._f then
    if PATCHES[name] then PATCHES[name](def) end
    link(def)
    local hook = HOOKS[name]
    if hook then
      def._h, def._g, def._f = hook, def._f, walk_hooked
    end
  end
  return def
end

function resolve(node)
  local n = node
  if node.ref then
    local def = definition(node.ref)
    if node.null then
      node._def, node._f = def, walk_nullable_ref
    else
      n = def
    end
  elseif not node._f then
    link(node)
  end
  node._n = n
  return n
end

local function walk(st, v, node, d)
  local n = node._n or resolve(node)
  return n._f(st, v, n, d)
end

M.walk = walk
M.wrong_type = wrong_type
M.walk_object = walk_object
M.is_base64 = is_base64
M.enum_set = enum_set

return M
