-- The statsd/Graphite sink (graphite.enabled), written natively in place of
-- the chart's graphite dependency: its Service, StatefulSet and data volume
-- claim, with that chart's names and selector.  The API's STATSD_HOST
-- points at the Service (api.environment).  The image's own Graphite and
-- statsd configuration is used.
local labels = require "labels"
local names = require "names"
local pod = require "pod"
local tables = require "tables"

local M = {}

local CHART_LABEL = "graphite-2.0.0"
local GUI = "graphite-gui"

local function set(v) return v ~= nil and v ~= "" end

local function selector(values, release)
  return {
    ["app.kubernetes.io/name"] = names.graphite_name(values),
    ["app.kubernetes.io/instance"] = names.instance(release),
  }
end

local function metadata(values, release, name, own_labels, own_annotations, where)
  local m = labels.metadata(values, release, name, nil, own_annotations, where and (where .. ".annotations"))
  local l = tables.merge_flat(m.labels, tables.stringify_map(own_labels, where and (where .. ".labels")))
  l["helm.sh/chart"] = CHART_LABEL
  l["app.kubernetes.io/version"] = nil -- Flagsmith's, not Graphite's
  m.labels = tables.merge_flat(l, selector(values, release))
  return m
end

-- { name, port, protocol } of every port, the statsd one on its interface.
local function ports(g)
  local statsd = tostring(g.statsd.interface):upper()
  if statsd ~= "UDP" and statsd ~= "TCP" then
    error(("graphite.statsd.interface: expected UDP or TCP, got '%s'"):format(tostring(g.statsd.interface)), 0)
  end
  return {
    { name = GUI, port = g.service.port, protocol = "TCP" },
    { name = "graphite-plain", port = 2003, protocol = "TCP" },
    { name = "graphite-udp", port = 2003, protocol = "UDP" },
    { name = "graphite-pickle", port = 2004, protocol = "TCP" },
    { name = "aggregate-plain", port = 2023, protocol = "TCP" },
    { name = "aggregate-pickl", port = 2024, protocol = "TCP" },
    { name = "statsd", port = 8125, protocol = statsd },
    { name = "statsd-admin", port = 8126, protocol = "TCP" },
  }, statsd
end

local function claim_name(values, release)
  local p = values.graphite.persistence
  if set(p.existingClaim) then return p.existingClaim end
  return names.graphite_fullname(values, release) .. "-pvc"
end

-- env: a list of { name, value } (the graphite chart's shape).
local function extra_env(g)
  local out = {}
  if g.env == nil or tables.is_empty(g.env) then return out end
  if type(g.env) ~= "table" or g.env[1] == nil then
    error("graphite.env: expected a list of { name = ..., value = ... }", 0)
  end
  for i, e in ipairs(g.env) do
    if type(e) ~= "table" or type(e.name) ~= "string" or tables.scalar_text(e.value) == nil then
      error(("graphite.env[%d]: expected { name = ..., value = ... }"):format(i - 1), 0)
    end
    out[i] = { name = e.name, value = tables.scalar_text(e.value) }
  end
  return out
end

local function service(values, release)
  local g = values.graphite
  local list = ports(g)
  return fsgen.source {
    apiVersion = "v1",
    kind = "Service",
    metadata = metadata(values, release, names.graphite_fullname(values, release), g.service.labels,
      g.service.annotations, "graphite.service"),
    spec = { type = g.service.type, ports = list, selector = selector(values, release) },
  }
end

local function claim(values, release)
  local p = values.graphite.persistence
  if not p.enabled or set(p.existingClaim) then return nil end
  return fsgen.source {
    apiVersion = "v1",
    kind = "PersistentVolumeClaim",
    metadata = metadata(values, release, claim_name(values, release)),
    spec = pod.claim_spec(p),
  }
end

local function statefulset(values, release)
  local g = values.graphite
  local fullname = names.graphite_fullname(values, release)
  local list, statsd = ports(g)
  local container_ports = {}
  for i, p in ipairs(list) do container_ports[i] = { name = p.name, containerPort = p.port, protocol = p.protocol } end
  local env = tables.concat({
    { name = "STATSD_INTERFACE", value = statsd:lower() },
    { name = "GRAPHITE_TIME_ZONE", value = tables.scalar_text(g.timeZone) },
  }, extra_env(g))
  local storage = pod.data_volume("storage", g.persistence.enabled and claim_name(values, release))
  local health = { httpGet = { path = "/", port = GUI } }
  return fsgen.source {
    apiVersion = "apps/v1",
    kind = "StatefulSet",
    metadata = metadata(values, release, names.statefulset(fullname)),
    spec = {
      -- The dependency's value (an immutable field), kept so that an
      -- existing StatefulSet is updated in place.
      serviceName = names.graphite_name(values),
      updateStrategy = { type = "RollingUpdate" },
      selector = { matchLabels = selector(values, release) },
      template = {
        metadata = {
          labels = tables.merge_flat(tables.stringify_map(values.common.labels, "common.labels"),
            selector(values, release)),
        },
        spec = {
          containers = {
            {
              name = "graphite",
              image = pod.image(g.image.repository, g.image.tag, nil, "graphite.image"),
              imagePullPolicy = pod.pull_policy(values, g.image.pullPolicy),
              ports = container_ports,
              env = env,
              livenessProbe = tables.copy(health),
              readinessProbe = tables.copy(health),
              resources = tables.non_empty(tables.copy(g.resources)),
              volumeMounts = { { name = "storage", mountPath = "/opt/graphite/storage/" } },
            },
          },
          volumes = { storage },
          nodeSelector = tables.non_empty(tables.stringify_map(g.nodeSelector, "graphite.nodeSelector")),
          affinity = tables.non_empty(tables.copy(g.affinity)),
          tolerations = tables.non_empty(tables.copy(g.tolerations)),
          imagePullSecrets = pod.pull_secrets(values, nil, "global.image.imagePullSecrets"),
        },
      },
    },
  }
end

-- With graphite.enabled (see init.lua).
function M.objects(values, release)
  return tables.append({}, claim(values, release), service(values, release), statefulset(values, release))
end

return M
