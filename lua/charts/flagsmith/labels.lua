-- Labels and annotations.  Selector labels are exactly the chart's (a
-- Deployment's selector cannot change); they win over any label a user adds.
local names = require "names"
local tables = require "tables"

local M = {}

M.CHART_LABEL = "flagsmith-0.81.0"
M.APP_VERSION = "2.227.0"
M.MANAGED_BY = "fsgen"

function M.selector(values, release, component)
  local s = {
    ["app.kubernetes.io/name"] = names.name(values),
    ["app.kubernetes.io/instance"] = names.instance(release),
  }
  if component then s["app.kubernetes.io/component"] = component end
  return s
end

-- Metadata labels of the chart's own objects.
function M.common(values, release, component)
  local l = tables.merge_flat(tables.stringify_map(values.common.labels, "common.labels"), {
    ["helm.sh/chart"] = M.CHART_LABEL,
    ["app.kubernetes.io/version"] = M.APP_VERSION,
    ["app.kubernetes.io/managed-by"] = M.MANAGED_BY,
  })
  return tables.merge_flat(l, M.selector(values, release, component))
end

-- Pod template labels: common labels, the pod's own (`where` names them in
-- errors), then the selector.
function M.pod(values, release, component, pod_labels, where)
  local l = tables.merge_flat(tables.stringify_map(values.common.labels, "common.labels"),
    tables.stringify_map(pod_labels, where or "podLabels"))
  return tables.merge_flat(l, M.selector(values, release, component))
end

-- Metadata annotations: the common ones, then the object's own (`where`
-- names them in errors); nil when there are none.
function M.annotations(values, own, where)
  local a = tables.merge_flat(tables.stringify_map(values.common.annotations, "common.annotations"),
    tables.stringify_map(own, where or "annotations"))
  return tables.non_empty(a)
end

-- metadata for an object of this chart.
function M.metadata(values, release, name, component, own_annotations, where)
  return {
    name = name,
    namespace = names.namespace(values, release),
    labels = M.common(values, release, component),
    annotations = M.annotations(values, own_annotations, where),
  }
end

return M
