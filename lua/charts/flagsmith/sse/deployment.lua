-- The SSE (server-sent events) Deployment: Flagsmith's real-time flag
-- updates, sharing a token with the API.
local env = require "env"
local names = require "names"
local pod = require "pod"
local probes = require "probes"
local resources = require "resources"
local tables = require "tables"
local token = require "sse.token"

local M = {}

local CONTAINER = names.CHART_NAME .. "-sse"

function M.name(values, release)
  return names.fullname(values, release) .. "-sse"
end

function M.environment(values, release)
  local sse = values.sse
  local e = env.new()
  e:extra(sse.extraEnv, "sse.extraEnv")
  e:extra_from_secret(sse.extraEnvFromSecret, "sse.extraEnvFromSecret")
  local ref = token.ref(values, release)
  e:secret("SSE_AUTHENTICATION_TOKEN", ref.name, ref.key)
  return e:list()
end

function M.object(values, release)
  local sse = values.sse
  local port = values.service.sse.port
  local containers = {
    {
      name = CONTAINER,
      image = pod.image(sse.image.repository, sse.image.tag, nil, "sse.image"),
      imagePullPolicy = pod.pull_policy(values, sse.image.imagePullPolicy),
      args = { "serve" },
      ports = { { containerPort = port } },
      env = M.environment(values, release),
      livenessProbe = probes.of(sse.livenessProbe, port),
      readinessProbe = probes.of(sse.readinessProbe, port),
      lifecycle = tables.non_empty(tables.copy(sse.lifecycle)),
      resources = resources.of(sse, "sse"),
      volumeMounts = tables.non_empty(tables.copy(sse.volumeMounts)),
    },
  }
  return fsgen.source(pod.deployment(values, release, {
    name = M.name(values, release),
    component = "sse",
    c = sse,
    prefix = "sse",
    replicas = pod.replicas(sse.replicaCount, values.hpa.sse.enabled, "sse.replicaCount"),
    pod_annotations = pod.pod_annotations({}, sse.podAnnotations, "sse.podAnnotations"),
    pod_spec = pod.spec(values, sse, "sse", containers, {}),
    extra_spec = sse.extraSpec,
  }))
end

return M
