-- OpenAPI v3 schemas (Kubernetes definitions, CRD openAPIV3Schema) to the
-- schema nodes fsgen validates with.  tools/gen-schema uses it to write
-- lua/fsgen/schema/data/, and `--crd FILE` uses it at run time.
--
-- A node is a table with short fields (absent means "no constraint"):
--   ref      name of a definition this node stands for (nothing else but null)
--   t        "object", "array", "string", "integer", "number", "boolean",
--            "int-or-string" or "quantity"; absent: any value
--   props    field name -> node;  req  list of required field names
--   add      node of the values of a map (additionalProperties)
--   open     unknown fields allowed (preserve-unknown-fields, untyped maps)
--   items    node of list items;  lt  "set" or "map" (x-kubernetes-list-type)
--   lk       list-map keys;  kd  defaults of those keys ({protocol = "TCP"})
--   enum     allowed values;  fmt  "int32", "int64" or "byte"
--   null     null is a value (nullable)
--   emb      an embedded object (apiVersion, kind, metadata allowed)
--   and from CRDs: pat (regular expression), minl/maxl (string length),
--   min/max with xmin/xmax (exclusive), mini/maxi (items), minp/maxp
--   (fields), any/one (lists of nodes, at least one must hold), all,
--   nt (a node that must not hold); c is set when any of these is.
local M = {}

M.QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"
M.INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
M.OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"

local KEPT_FORMATS = { int32 = true, int64 = true, byte = true }

local function is_table(v) return type(v) == "table" end

local function ref_name(ref)
  return type(ref) == "string" and ref:match("([^/]+)$") or nil
end

-- The one $ref of a node written as {$ref} or {allOf: [{$ref}]}.
local function only_ref(s)
  if s["$ref"] then return ref_name(s["$ref"]) end
  local all = s.allOf
  if is_table(all) and #all == 1 and is_table(all[1]) and all[1]["$ref"] and not s.properties then
    return ref_name(all[1]["$ref"])
  end
  return nil
end

local function number(v)
  return math.type(v) and v or nil
end

local function strings(list)
  if not is_table(list) then return nil end
  local out = {}
  for _, v in ipairs(list) do
    if type(v) == "string" then out[#out + 1] = v end
  end
  return #out > 0 and out or nil
end

local convert

local function convert_list(list)
  if not is_table(list) then return nil end
  local out = {}
  for _, s in ipairs(list) do out[#out + 1] = convert(s) end
  return #out > 0 and out or nil
end

-- s: a decoded schema; returns its node.
function convert(s)
  if not is_table(s) then return {} end
  local ref = only_ref(s)
  if ref then
    return { ref = ref, null = s.nullable == true or nil }
  end
  local n = {}
  if s["x-kubernetes-int-or-string"] == true then
    n.t = "int-or-string"
  elseif type(s.type) == "string" then
    n.t = s.type
  end
  if s.nullable == true then n.null = true end
  if s["x-kubernetes-preserve-unknown-fields"] == true then n.open = true end
  if s["x-kubernetes-embedded-resource"] == true then n.emb = true end
  if type(s.format) == "string" and KEPT_FORMATS[s.format] then n.fmt = s.format end

  if is_table(s.properties) and next(s.properties) ~= nil then
    n.props = {}
    for name, sub in pairs(s.properties) do n.props[name] = convert(sub) end
    n.t = n.t or "object"
  end
  n.req = strings(s.required)
  local add = s.additionalProperties
  if is_table(add) then
    n.add = convert(add)
  elseif add == true then
    n.open = true
  end
  if n.t == "object" and not n.props and not n.add then n.open = true end

  if is_table(s.items) and not s.items[1] then n.items = convert(s.items) end
  local lt = s["x-kubernetes-list-type"]
  if lt == "set" or lt == "map" then n.lt = lt end
  if lt == "map" then n.lk = strings(s["x-kubernetes-list-map-keys"]) end

  if is_table(s.enum) then
    local values = {}
    for _, v in ipairs(s.enum) do
      local tv = type(v)
      if tv == "string" or tv == "number" or tv == "boolean" then values[#values + 1] = v end
    end
    if #values > 0 then n.enum = values end
  end

  if n.t ~= "int-or-string" then
    n.any = convert_list(s.anyOf)
    n.one = convert_list(s.oneOf)
  end
  if is_table(s.allOf) then n.all = convert_list(s.allOf) end
  if is_table(s["not"]) then n.nt = convert(s["not"]) end

  if type(s.pattern) == "string" then n.pat = s.pattern end
  n.minl, n.maxl = number(s.minLength), number(s.maxLength)
  n.min, n.max = number(s.minimum), number(s.maximum)
  if s.exclusiveMinimum == true then n.xmin = true end
  if s.exclusiveMaximum == true then n.xmax = true end
  n.mini, n.maxi = number(s.minItems), number(s.maxItems)
  n.minp, n.maxp = number(s.minProperties), number(s.maxProperties)
  -- One flag for all of those, so that the walk asks one question per node.
  if n.pat or n.minl or n.maxl or n.min or n.max or n.mini or n.maxi or n.minp or n.maxp
      or n.any or n.one or n.all or n.nt then
    n.c = true
  end
  return n
end

M.node = convert

-- Defaults of list-map keys, so that entries differing only in a defaulted
-- key (a container port's protocol) count as the same entry.
-- resolve(node) follows refs (generation sees every definition).
function M.key_defaults(list_schema, resolve)
  local keys = list_schema["x-kubernetes-list-map-keys"]
  local items = list_schema.items
  if not is_table(keys) or not is_table(items) then return nil end
  local item = resolve(items)
  local props = is_table(item) and item.properties
  if not is_table(props) then return nil end
  local out
  for _, key in ipairs(keys) do
    local p = props[key]
    local default = is_table(p) and p.default
    if type(default) == "string" or math.type(default) then
      out = out or {}
      out[key] = default
    end
  end
  return out
end

-- A Kubernetes definition (components.schemas entry) as a node.  enums:
-- property -> {array = bool, values = {...}} for this definition.
function M.definition(name, s, enums, resolve)
  if name == M.QUANTITY then return { t = "quantity" } end
  if name == M.INT_OR_STRING then return { t = "int-or-string" } end
  local n = convert(s)
  if n.props then
    for prop, node in pairs(n.props) do
      local schema = s.properties[prop]
      local info = enums and enums[prop]
      if info then
        local target = info.array and node.items or node
        if target and not target.ref then target.enum = strings(info.values) end
      end
      if node.lt == "map" then node.kd = M.key_defaults(schema, resolve) end
    end
  end
  return n
end

-- The node of one served version of a CRD: its openAPIV3Schema with
-- apiVersion and kind declared and metadata checked as ObjectMeta.
function M.crd_version(schema)
  local n = convert(schema)
  n.t = "object"
  n.open = nil
  n.props = n.props or {}
  n.props.apiVersion = n.props.apiVersion or { t = "string" }
  n.props.kind = n.props.kind or { t = "string" }
  n.props.metadata = { ref = M.OBJECT_META }
  local function defaults(node, s)
    if not is_table(node) or not is_table(s) then return end
    if node.lt == "map" then
      node.kd = M.key_defaults(s, function(x) return x end)
    end
    if node.props and is_table(s.properties) then
      for k, sub in pairs(node.props) do defaults(sub, s.properties[k]) end
    end
    if node.items then defaults(node.items, s.items) end
    if node.add then defaults(node.add, s.additionalProperties) end
  end
  defaults(n, schema)
  return n
end

-- The CRDs in a list of decoded YAML documents:
-- { {group=, version=, kind=, scope=, node=}, ... } for each served version.
function M.crds(docs)
  local out = {}
  for _, doc in ipairs(docs) do
    if is_table(doc) and doc.kind == "CustomResourceDefinition" and is_table(doc.spec) then
      local spec = doc.spec
      local kind = is_table(spec.names) and spec.names.kind
      local scope = spec.scope == "Cluster" and "Cluster" or "Namespaced"
      for _, v in ipairs(is_table(spec.versions) and spec.versions or {}) do
        local schema = is_table(v.schema) and v.schema.openAPIV3Schema
        if is_table(v) and v.served ~= false and is_table(schema)
            and type(spec.group) == "string" and type(kind) == "string" and type(v.name) == "string" then
          out[#out + 1] = { group = spec.group, version = v.name, kind = kind, scope = scope,
                            node = M.crd_version(schema) }
        end
      end
    end
  end
  return out
end

return M
