-- An overlay's `patches`: changes to rendered objects.
--
--   { kind = "Deployment", name = "flagsmith-api", merge = { ... } }
--   { kind = "Service", name = "flagsmith-frontend", delete = true }
--   { kind = "Deployment", json = { { op = "replace", path = "/spec/replicas", value = 3 } } }
--
-- `name`, `namespace` and `apiVersion` narrow the match; without `name` a
-- patch applies to every object of its kind, and kind "*" matches any kind.
-- A patch that matches nothing is an error: it is almost always a typo.
--
-- merge is strategic-merge style: maps merge, scalars replace, fsgen.null
-- deletes, and lists whose elements all have a `name` (containers, env,
-- volumes, volumeMounts, ports, ...) merge element by element by name, new
-- names appended; { name = "x", ["$patch"] = "delete" } removes x. Other
-- lists replace. A map with ["$patch"] = "replace" replaces instead of
-- merging, ["$patch"] = "delete" removes the key.
--
-- json is an RFC 6902 subset: add, replace, remove and test, with JSON
-- pointers (~1 for '/', ~0 for '~'; '-' appends to a list).
local core = require "fsgen.core"
local merge = require "fsgen.merge"
local path = require "fsgen.path"
local suggest = require "fsgen.suggest"

local M = {}

local FIELDS = { "apiVersion", "delete", "json", "kind", "merge", "name", "namespace" }
local FIELD_SET = {}
for _, f in ipairs(FIELDS) do FIELD_SET[f] = true end

local MAX_LISTED = 8

local function object_id(obj)
  local meta = type(obj.metadata) == "table" and obj.metadata or {}
  return ("%s/%s"):format(tostring(obj.kind), tostring(meta.name))
end

local function meta_of(obj)
  return type(obj.metadata) == "table" and obj.metadata or {}
end

-- What a patch selects, as shown in messages.
local function label(p)
  local text = ("%s/%s"):format(p.kind, p.name or "*")
  if p.apiVersion then text = p.apiVersion .. " " .. text end
  if p.namespace then text = text .. (" in namespace '%s'"):format(p.namespace) end
  return text
end

local function matches(p, obj)
  local meta = meta_of(obj)
  return (p.kind == "*" or obj.kind == p.kind)
    and (p.name == nil or meta.name == p.name)
    and (p.namespace == nil or meta.namespace == p.namespace)
    and (p.apiVersion == nil or obj.apiVersion == p.apiVersion)
end

local function unique_sorted(list)
  local seen, out = {}, {}
  for _, v in ipairs(list) do
    if not seen[v] then
      seen[v] = true
      out[#out + 1] = v
    end
  end
  table.sort(out)
  return out
end

-- The hint for a patch that matched nothing.
local function no_match_hint(p, objects)
  local same_name = {}
  for _, obj in ipairs(objects) do
    if (p.kind == "*" or obj.kind == p.kind) and (p.name == nil or meta_of(obj).name == p.name) then
      same_name[#same_name + 1] = obj
    end
  end
  if #same_name > 0 then
    -- Kind and name are right: namespace or apiVersion is what differs.
    local obj = same_name[1]
    local found = {}
    if p.namespace then
      found[#found + 1] = ("namespace '%s'"):format(tostring(meta_of(obj).namespace or ""))
    end
    if p.apiVersion then
      found[#found + 1] = ("apiVersion '%s'"):format(tostring(obj.apiVersion))
    end
    return (" (%s has %s)"):format(object_id(obj), table.concat(found, " and "))
  end
  if p.name then
    local ids, same_kind, names = {}, {}, {}
    for _, obj in ipairs(objects) do
      ids[#ids + 1] = object_id(obj)
      if obj.kind == p.kind then
        same_kind[#same_kind + 1] = object_id(obj)
        names[#names + 1] = tostring(meta_of(obj).name)
      end
    end
    local near
    if p.kind == "*" then
      local all_names = {}
      for _, obj in ipairs(objects) do all_names[#all_names + 1] = tostring(meta_of(obj).name) end
      local name = suggest.nearest(p.name, unique_sorted(all_names))
      near = name and ("*/" .. name)
    else
      -- An object of the same kind first; another kind only if none is close.
      local wanted = p.kind .. "/" .. p.name
      near = suggest.nearest(wanted, unique_sorted(same_kind)) or suggest.nearest(wanted, unique_sorted(ids))
    end
    if near then return (" (did you mean %s?)"):format(near) end
    names = unique_sorted(names)
    if #names > 0 and #names <= MAX_LISTED then
      return (" (%s names: %s)"):format(p.kind, table.concat(names, ", "))
    end
  end
  local kinds = {}
  for _, obj in ipairs(objects) do kinds[#kinds + 1] = tostring(obj.kind) end
  kinds = unique_sorted(kinds)
  local has_kind = false
  for _, k in ipairs(kinds) do
    if k == p.kind then has_kind = true end
  end
  if not has_kind then
    local near = suggest.nearest(p.kind, kinds)
    if near then return (" (did you mean kind %s?)"):format(near) end
    if #kinds <= MAX_LISTED then
      return (" (kinds rendered: %s)"):format(table.concat(kinds, ", "))
    end
  end
  return ""
end

-- Deep copy of patch content for storing in an object: fsgen.null map
-- entries and $patch directives do not belong in output.
local function clean(v)
  if type(v) ~= "table" then return v end
  local list = merge.is_list(v)
  local out = {}
  for k, x in next, v do
    if k ~= "$patch" and (list or not core.is_null(x)) then out[k] = clean(x) end
  end
  if core.is_list(v) then core.list(out) elseif core.is_map(v) then core.map(out) end
  return out
end

local function named_list(v)
  if not merge.is_list(v) then return false end
  for _, el in ipairs(v) do
    if not merge.is_map(el) or type(el.name) ~= "string" then return false end
  end
  return true
end

local Patcher = {}
Patcher.__index = Patcher

function Patcher:fail(segments, fmt, ...)
  local where = #segments > 0 and (path.format(segments) .. ": ") or ""
  error(("%s%s%s"):format(self.prefix, where, fmt:format(...)), 0)
end

local function directive_of(self, v, segments)
  local d = v["$patch"]
  if d ~= nil and d ~= "delete" and d ~= "replace" then
    self:fail(segments, "unknown $patch directive '%s' (expected delete or replace)", tostring(d))
  end
  return d
end

-- Merges list `patch` into `target` by element name, in place.
function Patcher:merge_named(target, patch, segments)
  for i, el in ipairs(patch) do
    segments[#segments + 1] = i
    local d = directive_of(self, el, segments)
    local found
    for j, existing in ipairs(target) do
      if merge.is_map(existing) and existing.name == el.name then
        found = j
        break
      end
    end
    if d == "delete" then
      if found then table.remove(target, found) end
    elseif found and d == nil then
      self:merge_map(target[found], el, segments)
    elseif found then
      target[found] = clean(el)
    else
      target[#target + 1] = clean(el)
    end
    segments[#segments] = nil
  end
  if not core.is_list(target) and not core.is_map(target) then core.list(target) end
  return target
end

-- Strategic merge of map `patch` into map `target`, in place.
function Patcher:merge_map(target, patch, segments)
  for _, k in ipairs(merge.sorted_keys(patch)) do
    local v, current = patch[k], target[k]
    segments[#segments + 1] = k
    if k == "$patch" then
      -- handled by the caller
    elseif core.is_null(v) then
      target[k] = nil
    elseif merge.is_untyped_empty(v) then
      if merge.is_list(current) then
        target[k] = core.list({})
      elseif not merge.is_map(current) then
        target[k] = {}
      end
    elseif merge.is_map(v) then
      local d = directive_of(self, v, segments)
      if d == "delete" then
        target[k] = nil
      elseif d == nil and merge.is_map(current) then
        self:merge_map(current, v, segments)
      else
        target[k] = clean(v)
      end
    elseif named_list(v) and (current == nil or named_list(current) or merge.is_untyped_empty(current)) then
      target[k] = self:merge_named(current or core.list({}), v, segments)
    elseif named_list(v) then
      -- The object's list has unnamed elements: nothing to match by.
      local out = core.list({})
      target[k] = self:merge_named(out, v, segments)
    else
      target[k] = clean(v)
    end
    segments[#segments] = nil
  end
end

-- JSON pointer "/a/b~1c" -> {"a", "b/c"}.
local function pointer_tokens(pointer, fail)
  if pointer == "" then return {} end
  if type(pointer) ~= "string" or pointer:sub(1, 1) ~= "/" then
    fail("path must be a string that is empty or starts with '/'")
  end
  local tokens = {}
  for raw in (pointer:sub(2) .. "/"):gmatch("(.-)/") do
    if raw:find("~[^01]") or raw:find("~$") then
      fail("'~' in a path must be followed by 0 or 1")
    end
    tokens[#tokens + 1] = raw:gsub("~1", "/"):gsub("~0", "~")
  end
  return tokens
end

local function list_index(token, length, allow_end)
  if token == "-" then return allow_end and length + 1 or nil end
  if not token:match("^%d+$") or (#token > 1 and token:sub(1, 1) == "0") then return nil end
  local n = math.tointeger(tonumber(token))
  if not n then return nil end
  if n < length or (allow_end and n == length) then return n + 1 end
  return nil
end

local function deep_equal(a, b)
  if type(a) ~= "table" or type(b) ~= "table" then return a == b end
  for k, v in next, a do
    if not deep_equal(v, b[k]) then return false end
  end
  for k in next, b do
    if a[k] == nil then return false end
  end
  return true
end

local function string_keys(t)
  local keys = {}
  for _, k in ipairs(merge.sorted_keys(t)) do
    if type(k) == "string" then keys[#keys + 1] = k end
  end
  return keys
end

-- Applies one operation to obj; returns the (possibly new) object.
function Patcher:json_op(obj, op, where)
  local function fail(fmt, ...)
    error(("%s%s: %s"):format(self.prefix, where, fmt:format(...)), 0)
  end
  local kind = op.op
  if kind ~= "add" and kind ~= "replace" and kind ~= "remove" and kind ~= "test" then
    fail("unsupported op '%s' (expected add, replace, remove or test)", tostring(kind))
  end
  if kind ~= "remove" and op.value == nil then fail("'%s' needs a value", kind) end
  local tokens = pointer_tokens(op.path, fail)
  if #tokens == 0 then
    if kind == "remove" then fail("cannot remove the whole object (use delete = true)") end
    if kind == "test" then
      if not deep_equal(obj, op.value) then fail("test failed") end
      return obj
    end
    return clean(op.value)
  end
  local parent, walked = obj, ""
  for i = 1, #tokens - 1 do
    local token = tokens[i]
    local child
    if merge.is_list(parent) then
      local idx = list_index(token, #parent, false)
      if not idx then fail("%s has no element %s", walked == "" and "the object" or walked, token) end
      child = parent[idx]
    else
      child = parent[token]
      if child == nil then
        local near = suggest.nearest(token, string_keys(parent))
        fail("%s has no member '%s'%s", walked == "" and "the object" or walked, token,
          near and (" (did you mean '%s'?)"):format(near) or "")
      end
    end
    walked = walked .. "/" .. token:gsub("~", "~0"):gsub("/", "~1")
    if type(child) ~= "table" then
      fail("%s is not a map or a list", walked)
    end
    parent = child
  end
  local last = tokens[#tokens]
  local at = walked == "" and "the object" or walked
  local value = op.value ~= nil and clean(op.value) or nil
  if merge.is_list(parent) or (merge.is_untyped_empty(parent) and last == "-") then
    local idx = list_index(last, #parent, kind == "add")
    if not idx then fail("%s has no element %s (it has %d)", at, last, #parent) end
    if kind == "add" then
      table.insert(parent, idx, value)
      if not core.is_list(parent) then core.list(parent) end
    elseif kind == "replace" then
      parent[idx] = value
    elseif kind == "remove" then
      table.remove(parent, idx)
    elseif not deep_equal(parent[idx], op.value) then
      fail("test failed")
    end
    return obj
  end
  if kind ~= "add" and parent[last] == nil then
    local near = suggest.nearest(last, string_keys(parent))
    fail("%s has no member '%s'%s", at, last, near and (" (did you mean '%s'?)"):format(near) or "")
  end
  if kind == "add" or kind == "replace" then
    parent[last] = value
  elseif kind == "remove" then
    parent[last] = nil
  elseif not deep_equal(parent[last], op.value) then
    fail("test failed")
  end
  return obj
end

local function source_parts(source)
  if type(source) == "table" then return source.name, source.locate end
  return source, nil
end

-- Checks one patch entry's shape; i is its Lua index.
local function check_patch(p, i, prefix)
  local at = ("%spatches[%d]"):format(prefix, i - 1)
  if type(p) ~= "table" then error(("%s: must be a table, got a %s"):format(at, type(p)), 0) end
  for _, k in ipairs(merge.sorted_keys(p)) do
    if not FIELD_SET[k] then
      local near = type(k) == "string" and suggest.nearest(k, FIELDS)
      error(("%s: unknown field '%s'%s"):format(at, tostring(k),
        near and (" (did you mean '%s'?)"):format(near)
          or (" (fields: %s)"):format(table.concat(FIELDS, ", "))), 0)
    end
  end
  if type(p.kind) ~= "string" or p.kind == "" then
    error(("%s: needs kind (a string; \"*\" for any kind)"):format(at), 0)
  end
  for _, f in ipairs({ "name", "namespace", "apiVersion" }) do
    if p[f] ~= nil and type(p[f]) ~= "string" then
      error(("%s (%s): %s must be a string, got a %s"):format(at, label({ kind = p.kind }), f, type(p[f])), 0)
    end
  end
  local at_label = ("%s (%s)"):format(at, label(p))
  local actions = (p.merge ~= nil and 1 or 0) + (p.delete ~= nil and 1 or 0) + (p.json ~= nil and 1 or 0)
  if actions ~= 1 then
    error(("%s: needs exactly one of merge, delete or json"):format(at_label), 0)
  end
  if p.merge ~= nil and not merge.is_map(p.merge) then
    error(("%s: merge must be a map (a partial object)"):format(at_label), 0)
  end
  if p.delete ~= nil and p.delete ~= true then
    error(("%s: delete must be true"):format(at_label), 0)
  end
  if p.json ~= nil then
    if not merge.is_list(p.json) then
      error(("%s: json must be a list of operations"):format(at_label), 0)
    end
    for j, op in ipairs(p.json) do
      if not merge.is_map(op) then
        error(("%s: json[%d] must be a table like { op = \"replace\", path = \"/spec/replicas\", value = 2 }")
          :format(at_label, j - 1), 0)
      end
    end
  end
  return at_label
end

-- Applies patches (an overlay's `patches` list) in order to objects, in
-- place; returns objects. source is the overlay's name or
-- { name = ..., locate = function(segments) -> line } for line numbers.
function M.apply(objects, patches, source)
  local name, locate = source_parts(source)
  if patches == nil then return objects end
  if not merge.is_list(patches) and not merge.is_untyped_empty(patches) then
    error(("%s: patches must be a list"):format(name), 0)
  end
  for i, p in ipairs(patches) do
    local line = locate and locate({ "patches", i })
    local file = line and ("%s:%s: "):format(name, tostring(line)) or (name .. ": ")
    local at_label = check_patch(p, i, file)
    local prefix = at_label .. ": "
    local matched = 0
    if p.delete then
      local kept = {}
      for _, obj in ipairs(objects) do
        if matches(p, obj) then matched = matched + 1 else kept[#kept + 1] = obj end
      end
      for j = 1, #objects do objects[j] = kept[j] end
    else
      local several = p.name == nil or p.kind == "*"
      for j, obj in ipairs(objects) do
        if matches(p, obj) then
          matched = matched + 1
          local patcher = setmetatable({
            prefix = prefix .. (several and (object_id(obj) .. ": ") or ""),
          }, Patcher)
          if p.merge then
            patcher:merge_map(obj, p.merge, {})
          else
            for k, op in ipairs(p.json) do
              local where = ("json[%d] (%s %s)"):format(k - 1, tostring(op.op), tostring(op.path))
              obj = patcher:json_op(obj, op, where)
            end
            objects[j] = obj
          end
        end
      end
    end
    if matched == 0 then
      error(("%s matches no object%s"):format(at_label, no_match_hint(p, objects)), 0)
    end
  end
  return objects
end

return M
