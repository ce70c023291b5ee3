-- Labels and metadata of the in-cluster PostgreSQL, as the Bitnami
-- dependency (postgresql 12.5.8, aliased devPostgresql) wrote them: its
-- selector labels are immutable parts of the StatefulSet.
local labels = require "labels"
local names = require "names"
local tables = require "tables"

local M = {}

M.CHART_LABEL = "devPostgresql-12.5.8"

function M.selector(values, release)
  return {
    ["app.kubernetes.io/name"] = names.postgres_name(values),
    ["app.kubernetes.io/instance"] = names.instance(release),
    ["app.kubernetes.io/component"] = "primary",
  }
end

-- component: "primary" or nil (the Secret and ServiceAccount have none).
function M.labels(values, release, component, extra, where)
  local l = tables.merge_flat(tables.stringify_map(values.common.labels, "common.labels"),
    tables.stringify_map(extra, where or "labels"))
  l = tables.merge_flat(l, {
    ["app.kubernetes.io/name"] = names.postgres_name(values),
    ["helm.sh/chart"] = M.CHART_LABEL,
    ["app.kubernetes.io/instance"] = names.instance(release),
    ["app.kubernetes.io/managed-by"] = labels.MANAGED_BY,
  })
  if component then l["app.kubernetes.io/component"] = component end
  return l
end

function M.metadata(values, release, name, component, own_annotations, where)
  return {
    name = name,
    namespace = names.namespace(values, release),
    labels = M.labels(values, release, component),
    annotations = labels.annotations(values, own_annotations, where),
  }
end

return M
