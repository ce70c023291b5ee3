-- The Prometheus Operator's ServiceMonitor (monitoring.coreos.com/v1): it
-- scrapes the `prom` port of the API and task processor Services.  Only
-- with prometheus.enabled, as the application serves no metrics without it.
local labels = require "labels"
local names = require "names"
local tables = require "tables"

local M = {}

local function set(v) return v ~= nil and v ~= "" end

-- serviceMonitor.labels: a map; values.yaml's `[]` means none.
local function own_labels(settings)
  local l = settings.labels
  if l == nil or tables.is_empty(l) then return {} end
  if type(l) ~= "table" or l[1] ~= nil then
    error(("serviceMonitor.labels: expected a map of labels, got %s"):format(
      type(l) == "table" and "a list" or ("a " .. type(l))), 0)
  end
  return tables.stringify_map(l, "serviceMonitor.labels")
end

local function endpoint(settings)
  local e = { port = "prom", path = settings.path, honorLabels = settings.honorLabels }
  for _, key in ipairs { "interval", "scheme", "scrapeTimeout" } do
    if set(settings[key]) then e[key] = settings[key] end
  end
  e.tlsConfig = tables.non_empty(tables.copy(settings.tlsConfig))
  e.metricRelabelings = tables.non_empty(tables.copy(settings.metricRelabelings))
  e.relabelings = tables.non_empty(tables.copy(settings.relabelings))
  return e
end

-- With serviceMonitor.enabled and prometheus.enabled (see init.lua).
function M.objects(values, release)
  local settings = values.serviceMonitor
  local namespace = names.namespace(values, release)
  local metadata = labels.metadata(values, release, names.fullname(values, release), nil,
    settings.annotations, "serviceMonitor.annotations")
  -- Its own labels (what a Prometheus selects it by) over the common ones;
  -- the selector labels stay.
  metadata.labels = tables.merge_flat(tables.merge_flat(metadata.labels, own_labels(settings)),
    labels.selector(values, release))
  local spec = {
    endpoints = { endpoint(settings) },
    selector = {
      matchLabels = labels.selector(values, release),
      matchExpressions = {
        { key = "app.kubernetes.io/component", operator = "In", values = { "api", "task-processor" } },
      },
    },
    namespaceSelector = { matchNames = { namespace } },
    targetLabels = tables.non_empty(tables.copy(settings.targetLabels)),
  }
  if set(settings.jobLabel) then spec.jobLabel = settings.jobLabel end
  return { fsgen.source {
    apiVersion = "monitoring.coreos.com/v1",
    kind = "ServiceMonitor",
    metadata = metadata,
    spec = spec,
  } }
end

return M
