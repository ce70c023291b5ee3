-- Checks of ObjectMeta (names, namespace, labels, annotations) and of
-- label selectors, wherever they occur (objects, pod templates, claim
-- templates), as the API server makes them.
local names = require "fsgen.validate.names"
local report = require "fsgen.validate.report"
local walk = require "fsgen.validate.walk"

local M = {}

local MAX_ANNOTATIONS_BYTES = 256 * 1024

-- metadata.name rule per group/kind; the rest are DNS-1123 subdomains.
local NAME_RULES = {
  ["/Service"] = { names.dns1035_label, 63 },
  ["/Namespace"] = { names.dns1123_label, 63 },
  ["apps/StatefulSet"] = { names.dns1123_label, 63 },
  ["rbac.authorization.k8s.io/Role"] = { names.path_segment },
  ["rbac.authorization.k8s.io/ClusterRole"] = { names.path_segment },
  ["rbac.authorization.k8s.io/RoleBinding"] = { names.path_segment },
  ["rbac.authorization.k8s.io/ClusterRoleBinding"] = { names.path_segment },
}
local DEFAULT_RULE = { names.dns1123_subdomain, 253 }

-- Shorter limits where the name ends up inside something longer.
local NAME_MAX = {
  ["apps/StatefulSet"] = { 52, "its pods' controller-revision-hash label adds an 11-character suffix" },
  ["batch/CronJob"] = { 52, "the Jobs it creates add an 11-character suffix" },
  ["batch/Job"] = { 63, "it becomes the value of its pods' job-name label" },
}

local known_key, known_value = names.known.qualified_name, names.known.label_value

-- Walks a map of labels (metadata.labels, matchLabels, a Service selector):
-- string values, keys that are qualified names, values that are label
-- values.  node.what names them in messages.
local function walk_labels(st, v, node, d)
  if type(v) ~= "table" or v[1] ~= nil then return walk.wrong_type(st, d, v, "object") end
  local path, d1 = st.path, d + 1
  local empty = true
  for k, x in next, v do
    empty = false
    if type(k) == "string" then
      local rule = known_key[k]
      if rule == nil then rule = names.qualified_name(k) or false end
      if rule then
        path[d1] = k
        report.add(st, d1, ("%s is not a valid %s key (must be %s)"):format(report.literal(k), node.what, rule))
      end
      if type(x) == "string" then
        rule = known_value[x]
        if rule == nil then rule = names.label_value(x) or false end
        if rule then
          path[d1] = k
          report.bad_value(st, d1, x, "%s is not a valid " .. node.what .. " value (must be " .. rule .. ")")
        end
      else
        path[d1] = k
        walk.wrong_type(st, d1, x, "string")
      end
    end
  end
  if empty then walk.walk_object(st, v, node, d) end
end

-- Walks metadata.annotations: string values, qualified-name keys, and a
-- total size the API server accepts.
local function walk_annotations(st, v, node, d)
  if type(v) ~= "table" or v[1] ~= nil then return walk.wrong_type(st, d, v, "object") end
  local path, d1 = st.path, d + 1
  local total, empty = 0, true
  for k, x in next, v do
    empty = false
    if type(k) == "string" then
      local rule = known_key[k]
      if rule == nil then rule = names.qualified_name(k) or false end
      if rule then
        path[d1] = k
        report.add(st, d1, ("%s is not a valid annotation key (must be %s)"):format(report.literal(k), rule))
      end
      if type(x) == "string" then
        total = total + #k + #x
      else
        path[d1] = k
        walk.wrong_type(st, d1, x, "string")
      end
    end
  end
  if empty then return walk.walk_object(st, v, node, d) end
  if total > MAX_ANNOTATIONS_BYTES then
    report.add(st, d, ("annotations take %d bytes, more than the %d allowed"):format(total, MAX_ANNOTATIONS_BYTES))
  end
end

local function map_node(walker, what)
  return walk.custom_node({ t = "object", add = { t = "string" }, what = what }, walker)
end

local LABELS = map_node(walk_labels, "label")
local SELECTOR = map_node(walk_labels, "selector label")
local ANNOTATIONS = map_node(walk_annotations)

-- Patches of definitions (fsgen.validate.walk PATCHES): label maps and
-- annotations checked as they are walked.
M.PATCHES = {
  ["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"] = function(def)
    walk.replace_props(def, { labels = LABELS, annotations = ANNOTATIONS })
  end,
  ["io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"] = function(def)
    walk.replace_props(def, { matchLabels = LABELS })
  end,
  ["io.k8s.api.core.v1.ServiceSpec"] = function(def)
    walk.replace_props(def, { selector = SELECTOR })
  end,
}

local function object_name(st, meta, d)
  local name = meta.name
  local key = st.group .. "/" .. st.kind
  local rule = NAME_RULES[key] or DEFAULT_RULE
  if type(name) == "string" and name ~= "" then
    local broken = rule[1](name)
    if broken then
      local fixed = names.repair(name, rule[1], NAME_MAX[key] and NAME_MAX[key][1] or rule[2])
      report.bad_value_below(st, d, { "name" }, name, ("%%s is not a valid %s name (must be %s%s)"):format(
        st.kind, broken, fixed and ("; e.g. '" .. fixed .. "'") or ""))
    end
    local max = NAME_MAX[key]
    if max and #name > max[1] then
      report.bad_value_below(st, d, { "name" }, name, ("%%s is %d characters long; a %s name may have at most %d (%s)")
        :format(#name, st.kind, max[1], max[2]))
    end
  elseif type(name) ~= "string" and type(meta.generateName) == "string" then
    local base = meta.generateName:gsub("%-+$", "")
    local broken = rule[1](base == "" and "a" or base)
    if broken then
      report.bad_value_below(st, d, { "generateName" }, meta.generateName,
        ("%%s is not a valid %s name prefix (must be %s)"):format(st.kind, broken))
    end
  end
  local ns = meta.namespace
  if type(ns) == "string" and ns ~= "" then
    local broken = names.dns1123_label(ns)
    if broken then
      report.bad_value_below(st, d, { "namespace" }, ns, "%s is not a valid namespace (must be " .. broken .. ")")
    end
    if st.cluster_scoped then
      report.add_below(st, d, { "namespace" }, ("%s is cluster-scoped: remove metadata.namespace")
        :format(st.kind))
    end
  end
end

-- Hook for io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta: the object's
-- own name and namespace (labels and annotations are checked as walked).
function M.object_meta(st, meta, d)
  if d == 1 then object_name(st, meta, d) end
end

local OPERATORS = { In = true, NotIn = true, Exists = true, DoesNotExist = true }

-- Hook for io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector.
function M.label_selector(st, sel, d)
  local exprs = sel.matchExpressions
  if type(exprs) ~= "table" then return end
  for i, ex in ipairs(exprs) do
    if type(ex) == "table" then
      if type(ex.key) == "string" then
        local rule = names.qualified_name(ex.key)
        if rule then
          report.add_below(st, d, { "matchExpressions", i, "key" },
            ("%s is not a valid label key (must be %s)"):format(report.literal(ex.key), rule))
        end
      end
      local op, values = ex.operator, ex.values
      local has_values = type(values) == "table" and next(values) ~= nil
      if type(op) == "string" then
        if not OPERATORS[op] then
          report.add_below(st, d, { "matchExpressions", i, "operator" },
            ("%s is not one of In, NotIn, Exists, DoesNotExist"):format(report.literal(op)))
        elseif (op == "In" or op == "NotIn") and not has_values then
          report.add_below(st, d, { "matchExpressions", i, "values" },
            ("must list at least one value for operator %s"):format(op))
        elseif (op == "Exists" or op == "DoesNotExist") and has_values then
          report.add_below(st, d, { "matchExpressions", i, "values" },
            ("must be empty for operator %s"):format(op))
        end
      end
      if type(values) == "table" then
        for j, v in ipairs(values) do
          local rule = type(v) == "string" and names.label_value(v)
          if rule then
            report.add_below(st, d, { "matchExpressions", i, "values", j },
              ("%s is not a valid label value (must be %s)"):format(report.literal(v), rule))
          end
        end
      end
    end
  end
end

return M
