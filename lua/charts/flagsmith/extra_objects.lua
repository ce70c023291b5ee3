-- extraObjects: more objects to deploy with the release, each a map or YAML
-- text (one or more documents).  They are written as given: Helm templates
-- in them are not evaluated, and `{{` is an error rather than a surprise.
local tables = require "tables"

local M = {}

local function describe(v)
  if type(v) == "table" then return (v[1] ~= nil) and "a list" or "a map" end
  return "a " .. type(v)
end

local TEMPLATE_HINT = "Helm templates are not evaluated: write the value itself, or compute it in an overlay"

-- The documents of YAML text: split at document markers ("---" at the
-- start of a line, which YAML does not allow inside a document's content).
local function documents(text, where)
  if text:find("{{", 1, true) then error(("%s: %s"):format(where, TEMPLATE_HINT), 0) end
  local chunks, current = {}, {}
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    if line:match("^%-%-%-%s") or line:match("^%-%-%-$") then
      chunks[#chunks + 1] = table.concat(current, "\n")
      current = { line:sub(4) }
    elseif line:match("^%.%.%.%s*$") then
      chunks[#chunks + 1] = table.concat(current, "\n")
      current = {}
    else
      current[#current + 1] = line
    end
  end
  chunks[#chunks + 1] = table.concat(current, "\n")
  local out = {}
  for i, chunk in ipairs(chunks) do
    local name = #chunks > 1 and ("%s (document %d)"):format(where, i) or where
    if chunk:find("%S") then out[#out + 1] = { value = fsgen.load_yaml(chunk, name), where = name } end
  end
  return out
end

-- Strings with `{{` anywhere in a map given item.
local function check_templates(v, where)
  if type(v) == "string" and v:find("{{", 1, true) then
    error(("%s: %s"):format(where, TEMPLATE_HINT), 0)
  elseif type(v) == "table" then
    for k, x in pairs(v) do
      local at = type(k) == "number" and ("%s[%d]"):format(where, k - 1) or ("%s.%s"):format(where, tostring(k))
      check_templates(x, at)
    end
  end
end

local function check_object(obj, where)
  if type(obj) ~= "table" or obj[1] ~= nil then
    error(("%s: expected an object (apiVersion, kind, metadata), got %s"):format(where, describe(obj)), 0)
  end
  for _, key in ipairs { "apiVersion", "kind" } do
    if type(obj[key]) ~= "string" or obj[key] == "" then error(("%s.%s: required"):format(where, key), 0) end
  end
  if type(obj.metadata) ~= "table" or type(obj.metadata.name) ~= "string" or obj.metadata.name == "" then
    error(("%s.metadata.name: required"):format(where), 0)
  end
end

function M.objects(values)
  local out = {}
  for i, item in ipairs(values.extraObjects or {}) do
    local where = ("extraObjects[%d]"):format(i - 1)
    local docs
    if type(item) == "string" then
      docs = documents(item, where)
    else
      check_templates(item, where)
      docs = { { value = item, where = where } }
    end
    for _, doc in ipairs(docs) do
      if not (fsgen.is_null(doc.value) or (type(doc.value) == "table" and tables.is_empty(doc.value))) then
        check_object(doc.value, doc.where)
        out[#out + 1] = tables.copy(doc.value)
      end
    end
  end
  return fsgen.source(out)
end

return M
