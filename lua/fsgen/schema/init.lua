-- The schemas fsgen knows: Kubernetes 1.32 and the CRDs generated into
-- lua/fsgen/schema/data (see tools/gen-schema) and packed into the
-- executable (cmake/schema_pack.lua), plus CRDs given at run time.
--
--   schema.def(name) -> node of a built-in definition (built on first use;
--     the same table for the run, which the validator may annotate)
--   schema.new() -> a lookup for one run, to which CRDs can be added:
--     lookup:add_crds(list from convert.crds)
--     lookup:find(api_version, kind) -> status, node, cluster_scoped
--       status: "ok", "unknown-version", "unknown-kind", "removed", "unchecked"
local core = require "fsgen.core"

local M = {}

local index = require "fsgen.schema.data.index"
M.index = index
M.KUBERNETES = index.kubernetes

local ANY = {}
local built = {}     -- definition name -> node
-- The data modules' nodes, packed into the executable (runtime/schema_defs.c).
local packed = core.schema_defs()

function M.def(name)
  local node = built[name]
  if node then return node end
  node = packed(name) or ANY
  built[name] = node
  return node
end

-- Groups Kubernetes served once and 1.32 does not.
M.REMOVED_GROUPS = { extensions = true, ["settings.k8s.io"] = true }

local function split(api_version)
  local group, version = core.cut_last(api_version, "/")
  if group and group ~= "" and version ~= "" then return group, version end
  return "", api_version
end
M.split = split

local Lookup = {}
Lookup.__index = Lookup

function M.new()
  return setmetatable({ kinds = {}, cluster = {}, found = {} }, Lookup)
end

-- crds: { {group=, version=, kind=, scope=, node=}, ... }; these win over
-- the built-in data for the same apiVersion and kind.
function Lookup:add_crds(crds)
  self.found = {}
  for _, c in ipairs(crds) do
    local api_version = c.group .. "/" .. c.version
    self.kinds[api_version] = self.kinds[api_version] or {}
    self.kinds[api_version][c.kind] = c.node
    self.cluster[c.group .. "/" .. c.kind] = c.scope == "Cluster" or nil
  end
end

function Lookup:is_cluster_scoped(group, kind)
  local key = (group == "" and "" or group .. "/") .. kind
  if self.cluster[key] ~= nil then return self.cluster[key] end
  return index.cluster:find(" " .. key .. " ", 1, true) ~= nil
end

-- The definition of kind in the index string of an apiVersion.
-- (Plain searches: a pattern search tries the pattern at every byte.)
local function definition_in(list, kind)
  if kind:find("[^%w]") then return nil end
  if list:find(" " .. kind .. " ", 1, true) then return list:match("^(%S+)") .. "." .. kind end
  local at = list:find(" " .. kind .. "=", 1, true)
  return at and list:match("^(%S+)", at + #kind + 2)
end

local function find(self, api_version, kind)
  local group = split(api_version)
  local mine = self.kinds[api_version]
  if mine and mine[kind] then
    return "ok", mine[kind], self:is_cluster_scoped(group, kind)
  end
  local known = index.kinds[api_version]
  local def = known and definition_in(known, kind)
  if def then return "ok", M.def(def), self:is_cluster_scoped(group, kind) end
  if index.served[group] then
    if not known then return "unknown-version" end
    return "unknown-kind"
  end
  if M.REMOVED_GROUPS[group] then return "removed" end
  return "unchecked"
end

-- Objects of one kind come in numbers: each answer is kept for the run.
function Lookup:find(api_version, kind)
  local key = api_version .. " " .. kind
  local found = self.found[key]
  if not found then
    found = table.pack(find(self, api_version, kind))
    self.found[key] = found
  end
  return found[1], found[2], found[3]
end

-- The kinds an apiVersion serves (sorted).
function Lookup:kinds_of(api_version)
  local out = {}
  local list = index.kinds[api_version]
  if list then
    for token in list:gmatch(" (%w+)") do out[#out + 1] = token end
  end
  for kind in pairs(self.kinds[api_version] or {}) do out[#out + 1] = kind end
  table.sort(out)
  return out
end

-- The apiVersions that serve kind, built-in or added (sorted).
function Lookup:versions_of(kind)
  local out = {}
  for api_version, list in pairs(index.kinds) do
    if definition_in(list, kind) then out[#out + 1] = api_version end
  end
  for api_version, kinds in pairs(self.kinds) do
    if kinds[kind] and not index.kinds[api_version] then out[#out + 1] = api_version end
  end
  table.sort(out)
  return out
end

-- The versions Kubernetes serves of a built-in group (nil for others).
function M.served_versions(group)
  local list = index.served[group]
  if not list then return nil end
  local out = {}
  for v in list:gmatch("%S+") do out[#out + 1] = v end
  return out
end

return M
