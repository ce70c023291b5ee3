-- Building a container's environment: the chart's entries in the chart's
-- order, the user's extraEnv / extraEnvFromSecret entries where the chart
-- puts them.  A name appears once: a user's entry replaces the chart's.
local tables = require "tables"

local Env = {}
Env.__index = Env

local M = {}

function M.new()
  return setmetatable({ entries = {}, index = {}, by_user = {} }, Env)
end

function Env:put(entry, from_user)
  local at = self.index[entry.name]
  if at then
    if self.by_user[entry.name] and not from_user then return end
    self.entries[at] = entry
  else
    self.entries[#self.entries + 1] = entry
    self.index[entry.name] = #self.entries
  end
  if from_user then self.by_user[entry.name] = true end
end

function Env:value(name, value)
  self:put({ name = name, value = value })
end

function Env:secret(name, secret_name, key, optional)
  local ref = { name = secret_name, key = key }
  if optional then ref.optional = true end
  self:put({ name = name, valueFrom = { secretKeyRef = ref } })
end

function Env:field(name, field_path)
  self:put({ name = name, valueFrom = { fieldRef = { fieldPath = field_path } } })
end

-- extraEnv: sorted by name, every value written as a string.
function Env:extra(map, where)
  for _, name in ipairs(tables.sorted_keys(map)) do
    local text = tables.scalar_text(map[name])
    if text == nil then
      error(("%s.%s: expected a string, number or boolean, got a %s"):format(where, name, type(map[name])), 0)
    end
    self:put({ name = name, value = text }, true)
  end
end

-- extraEnvFromSecret: NAME = { secretName = ..., secretKey = ... }, sorted.
function Env:extra_from_secret(map, where)
  for _, name in ipairs(tables.sorted_keys(map)) do
    local ref = map[name]
    if type(ref) ~= "table" or type(ref.secretName) ~= "string" or type(ref.secretKey) ~= "string" then
      error(("%s.%s: expected { secretName = ..., secretKey = ... }"):format(where, name), 0)
    end
    self:put({ name = name, valueFrom = { secretKeyRef = { name = ref.secretName, key = ref.secretKey } } }, true)
  end
end

function Env:list()
  local out = {}
  for i, e in ipairs(self.entries) do out[i] = tables.copy(e) end
  return out
end

return M
