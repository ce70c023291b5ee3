-- Step 6 of the data flow: every object is checked against the Kubernetes
-- schema for its apiVersion and kind (fsgen.schema) and the API server's
-- own rules (names, labels, selectors, pod specs, Services, ...) before
-- anything is written.  All problems of all objects are reported, one line
-- each: "Kind/name: field.path: problem (hint)".
--
-- It also prepares emission: every empty table in a field of known type is
-- tagged fsgen.list or fsgen.map, so that it is written as `[]` or `{}` as
-- the schema says (fsgen.validate.walk).
--
--   validate.objects(objects, opts) -> list of messages (empty when all is well)
-- opts (all optional):
--   crds          paths of files with CustomResourceDefinitions (--crd)
--   strict_kinds  a kind without schema is an error, not a warning
--   warnings      list to append one-line warnings to
--   values, origins  the merged values and where each came from, to name
--                 the layer that set a bad value
--   secrets       the chart's secret values paths (never shown)
--   files         the run's file tracker (files:read records the depfile)
local core = require "fsgen.core"
local kinds = require "fsgen.validate.kinds"
local meta = require "fsgen.validate.meta"
local path = require "fsgen.path"
local pod = require "fsgen.validate.pod"
local schema = require "fsgen.schema"
local service = require "fsgen.validate.service"
local suggest = require "fsgen.suggest"
local walk = require "fsgen.validate.walk"

local M = {}

walk.HOOKS["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"] = meta.object_meta
walk.HOOKS["io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"] = meta.label_selector
walk.HOOKS["io.k8s.api.core.v1.PodSpec"] = pod.pod_spec
walk.HOOKS["io.k8s.api.core.v1.ServiceSpec"] = service.service_spec
for _, patches in ipairs({ meta.PATCHES, pod.PATCHES }) do
  for name, patch in pairs(patches) do walk.PATCHES[name] = patch end
end

local function where(obj, i)
  local kind = type(obj) == "table" and obj.kind
  local m = type(obj) == "table" and obj.metadata
  local name = type(m) == "table" and m.name
  if type(kind) == "string" and type(name) == "string" then return kind .. "/" .. name end
  return ("object %d"):format(i)
end

local function compare(a, b)
  if path.less(a.segs, b.segs) then return true end
  if path.less(b.segs, a.segs) then return false end
  return a.msg < b.msg
end

local function read_crd_file(file, opts)
  if opts.files then return opts.files:read(file) end
  local text, err = core.read_file(file)
  if not text then error(err, 0) end
  return text
end

-- The CRDs of --crd files and of CRD objects among the output.
local function load_crds(lookup, objects, opts, errors)
  local convert
  for _, file in ipairs(opts.crds or {}) do
    convert = convert or require "fsgen.schema.convert"
    local ok, docs = pcall(function()
      return core.load_yaml(read_crd_file(file, opts), file, { multi = true })
    end)
    if not ok then
      errors[#errors + 1] = "--crd " .. tostring(docs)
    else
      local crds = convert.crds(docs)
      if #crds == 0 then
        errors[#errors + 1] = ("--crd %s: no CustomResourceDefinition with a schema (spec.versions[].schema.openAPIV3Schema)")
          :format(file)
      end
      lookup:add_crds(crds)
    end
  end
  for _, obj in ipairs(objects) do
    if type(obj) == "table" and obj.kind == "CustomResourceDefinition"
        and obj.apiVersion == "apiextensions.k8s.io/v1" then
      convert = convert or require "fsgen.schema.convert"
      lookup:add_crds(convert.crds({ obj }))
    end
  end
end

local function kind_problem(lookup, status, api_version, kind)
  local elsewhere = lookup:versions_of(kind)
  local served_as = #elsewhere > 0 and ("%s is served as %s"):format(kind, table.concat(elsewhere, ", "))
  if status == "unknown-version" or status == "removed" then
    local group = schema.split(api_version)
    local versions = schema.served_versions(group)
    local hint = served_as or (versions and ("%s serves %s"):format(group, table.concat(versions, ", ")))
    return ("apiVersion: '%s' is not served by Kubernetes %s%s"):format(
      api_version, schema.KUBERNETES, hint and (" (" .. hint .. ")") or "")
  end
  if status == "unknown-kind" then
    local near = suggest.nearest(kind, lookup:kinds_of(api_version))
    local hint = near and ("did you mean '" .. near .. "'?") or served_as
    return ("kind: '%s' is not a kind of %s%s"):format(kind, api_version, hint and (" (" .. hint .. ")") or "")
  end
  local hint = served_as and ("schemas known for " .. served_as:gsub(" is served as ", ": "))
    or "add its CustomResourceDefinition with --crd FILE"
  return ("unchecked: no schema for %s %s (%s)"):format(api_version, kind, hint)
end

local function claim_templates(obj)
  local spec = type(obj.spec) == "table" and obj.spec
  local list = spec and type(spec.volumeClaimTemplates) == "table" and spec.volumeClaimTemplates
  if not list then return nil end
  local out = {}
  for _, t in ipairs(list) do
    local m = type(t) == "table" and type(t.metadata) == "table" and t.metadata
    if m and type(m.name) == "string" then out[m.name] = true end
  end
  return out
end

-- Checks one object with a schema; returns its problems, sorted by path.
local function check(obj, node, ctx)
  local api_version = obj.apiVersion
  local group = schema.split(api_version)
  local st = {
    path = {}, errors = {}, opts = ctx.opts,
    obj = obj, kind = obj.kind, group = group,
    cluster_scoped = ctx.cluster_scoped, origin_index = ctx.origin_index,
    claim_templates = group == "apps" and obj.kind == "StatefulSet" and claim_templates(obj) or nil,
  }
  walk.walk(st, obj, node, 0)
  kinds.check(st, obj)
  table.sort(st.errors, compare)
  return st.errors
end

-- Returns a list of one-line messages (empty when every object is fine).
function M.objects(objects, opts)
  opts = opts or {}
  local errors, warnings, seen = {}, opts.warnings or {}, {}
  local lookup = schema.new()
  load_crds(lookup, objects, opts, errors)
  local ctx = { opts = opts, origin_index = {} }
  for i, obj in ipairs(objects) do
    local w = where(obj, i)
    if type(obj) ~= "table" or obj[1] ~= nil then
      errors[#errors + 1] = ("%s: is a %s, not an object table"):format(w, type(obj) == "table" and "list" or type(obj))
    else
      local api_version, kind, m = obj.apiVersion, obj.kind, obj.metadata
      local shape_ok = true
      if type(api_version) ~= "string" or api_version == "" then
        errors[#errors + 1] = ("%s: apiVersion: missing (every object needs apiVersion and kind)"):format(w)
        shape_ok = false
      end
      if type(kind) ~= "string" or kind == "" then
        errors[#errors + 1] = ("%s: kind: missing (every object needs apiVersion and kind)"):format(w)
        shape_ok = false
      end
      if type(m) ~= "table" or type(m.name) ~= "string" or m.name == "" then
        errors[#errors + 1] = ("%s: metadata.name: missing"):format(w)
      else
        local key = table.concat({ type(api_version) == "string" and schema.split(api_version) or "",
          tostring(kind), type(m.namespace) == "string" and m.namespace or "", m.name }, "\0")
        if seen[key] then
          errors[#errors + 1] = ("%s: emitted twice (objects %d and %d have the same kind, namespace and name)")
            :format(w, seen[key], i)
        else
          seen[key] = i
        end
      end
      if shape_ok then
        local status, node, cluster_scoped = lookup:find(api_version, kind)
        if status == "ok" then
          ctx.cluster_scoped = cluster_scoped
          for _, e in ipairs(check(obj, node, ctx)) do
            local line = #e.segs > 0 and (w .. ": " .. path.format(e.segs) .. ": " .. e.msg) or (w .. ": " .. e.msg)
            if errors[#errors] ~= line then errors[#errors + 1] = line end
          end
        else
          local line = w .. ": " .. kind_problem(lookup, status, api_version, kind)
          if status ~= "unchecked" or opts.strict_kinds then
            errors[#errors + 1] = line
          else
            warnings[#warnings + 1] = line
          end
        end
      end
    end
  end
  return errors
end

return M
