-- The constraints CRD schemas add to types (pattern, lengths, bounds, item
-- and field counts, anyOf/oneOf/allOf/not), loaded only when a schema has
-- them (node.c).  anyOf, oneOf and allOf only constrain values, as the API
-- server reads them in structural schemas: their branches declare no
-- fields, and oneOf is read as anyOf because the API server checks it after
-- defaulting, which fsgen does not do.
local core = require "fsgen.core"
local report = require "fsgen.validate.report"
local schema = require "fsgen.schema"
local walk = require "fsgen.validate.walk"

local M = {}

local NULL = core.null
local mtype = math.type
local add, bad_value = report.add, report.bad_value
local enum_set = walk.enum_set

-- What kind of table v is: "list", "map", "empty", "empty-list", "empty-map".
local function table_kind(v)
  if next(v) == nil then
    local mt = getmetatable(v)
    if mt == "fsgen.list" then return "empty-list" end
    if mt == "fsgen.map" then return "empty-map" end
    return "empty"
  end
  if rawget(v, 1) ~= nil then return "list" end
  return "map"
end

local function matcher(node)
  local m = node._re
  if m == nil then
    m = require("fsgen.validate.regex").compile(node.pat) or false
    node._re = m
  end
  return m
end

local function text_length(s)
  return utf8.len(s) or #s
end

-- Does v satisfy node?  For anyOf/oneOf/allOf/not, which only constrain
-- values: nothing is reported, nothing tagged, unknown fields are fine.
local fits

local function fits_all(v, list)
  for _, n in ipairs(list) do
    if not fits(v, n) then return false end
  end
  return true
end

local function fits_any(v, list)
  for _, n in ipairs(list) do
    if fits(v, n) then return true end
  end
  return false
end

function fits(v, node)
  if node.ref then
    if v == NULL then return node.null == true end
    node = schema.def(node.ref)
  end
  if v == NULL then return node.null == true end
  local t, tv = node.t, type(v)
  if t == "string" and tv ~= "string" then return false end
  if t == "integer" and mtype(v) ~= "integer" then return false end
  if t == "number" and tv ~= "number" then return false end
  if t == "boolean" and tv ~= "boolean" then return false end
  if t == "int-or-string" and not (tv == "string" or mtype(v) == "integer") then return false end
  if t == "quantity" and not (tv == "number" or (tv == "string" and walk.is_quantity(v))) then return false end
  if (t == "object" or t == "array") and tv ~= "table" then return false end
  if node.enum and not enum_set(node)[v] then return false end
  if tv == "string" then
    if node.pat and matcher(node) and not matcher(node)(v) then return false end
    if node.minl and text_length(v) < node.minl then return false end
    if node.maxl and text_length(v) > node.maxl then return false end
  elseif tv == "number" then
    if node.min and (v < node.min or (node.xmin and v == node.min)) then return false end
    if node.max and (v > node.max or (node.xmax and v == node.max)) then return false end
  elseif tv == "table" then
    local kind = table_kind(v)
    if t == "object" and (kind == "list" or kind == "empty-list") then return false end
    if t == "array" and (kind == "map" or kind == "empty-map") then return false end
    if kind == "map" or kind == "empty" or kind == "empty-map" then
      for _, r in ipairs(node.req or {}) do
        if v[r] == nil or v[r] == NULL then return false end
      end
      if node.props then
        for k, x in next, v do
          local pn = node.props[k]
          if pn and x ~= NULL and not fits(x, pn) then return false end
        end
      end
    elseif node.items then
      for i = 1, #v do
        if not fits(v[i], node.items) then return false end
      end
    end
  end
  if node.any and not fits_any(v, node.any) then return false end
  if node.one and not fits_any(v, node.one) then return false end
  if node.all and not fits_all(v, node.all) then return false end
  if node.nt and fits(v, node.nt) then return false end
  return true
end

-- The constraints CRD schemas add, reported.
function M.check(st, d, v, node)
  local tv = type(v)
  if tv == "string" then
    if node.pat then
      local m = matcher(node)
      if m and not m(v) then
        bad_value(st, d, v, "%s does not match the pattern " .. node.pat)
      end
    end
    if node.minl and text_length(v) < node.minl then
      bad_value(st, d, v, ("%%s is shorter than %d characters"):format(node.minl))
    end
    if node.maxl and text_length(v) > node.maxl then
      bad_value(st, d, v, ("%%s is longer than %d characters"):format(node.maxl))
    end
  elseif tv == "number" then
    if node.min and (v < node.min or (node.xmin and v == node.min)) then
      bad_value(st, d, v, ("%%s is less than the minimum %s%s"):format(
        report.literal(node.min), node.xmin and " (exclusive)" or ""))
    end
    if node.max and (v > node.max or (node.xmax and v == node.max)) then
      bad_value(st, d, v, ("%%s is more than the maximum %s%s"):format(
        report.literal(node.max), node.xmax and " (exclusive)" or ""))
    end
  elseif tv == "table" then
    local n
    if node.mini or node.maxi then
      n = #v
      if node.mini and n < node.mini then add(st, d, ("has %d items, fewer than the minimum %d"):format(n, node.mini)) end
      if node.maxi and n > node.maxi then add(st, d, ("has %d items, more than the maximum %d"):format(n, node.maxi)) end
    end
    if node.minp or node.maxp then
      n = 0
      for _ in next, v do n = n + 1 end
      if node.minp and n < node.minp then add(st, d, ("has %d fields, fewer than the minimum %d"):format(n, node.minp)) end
      if node.maxp and n > node.maxp then add(st, d, ("has %d fields, more than the maximum %d"):format(n, node.maxp)) end
    end
  end
  if node.any and not fits_any(v, node.any) then
    add(st, d, "matches none of the allowed forms (anyOf)")
  end
  if node.one and not fits_any(v, node.one) then
    add(st, d, "matches none of the allowed forms (oneOf)")
  end
  if node.all and not fits_all(v, node.all) then
    add(st, d, "does not match all the required forms (allOf)")
  end
  if node.nt and fits(v, node.nt) then
    add(st, d, "has a form that is not allowed (not)")
  end
end

M.fits = fits

return M
