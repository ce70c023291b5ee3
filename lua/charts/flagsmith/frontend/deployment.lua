-- The frontend Deployment (named like the chart's: the fullname alone).
local env = require "env"
local names = require "names"
local pod = require "pod"
local resources = require "resources"
local tables = require "tables"

local M = {}

local CONTAINER = names.CHART_NAME .. "-frontend"

function M.name(values, release)
  return names.fullname(values, release)
end

function M.environment(values, release)
  local fe = values.frontend
  local e = env.new()
  e:value("ASSET_URL", "/")
  local api = ("%s.%s:%s"):format(names.service(values, release, "api"), names.namespace(values, release),
    tables.scalar_text(values.service.api.port))
  if fe.apiProxy.enabled then
    e:value("PROXY_API_URL", "http://" .. api)
    e:value("FLAGSMITH_PROXY_API_URL", "http://" .. api)
  end
  local tests = values._destructiveTests
  if tests.enabled and tests.testToken ~= nil and tests.testToken ~= "" then
    e:value("E2E_TEST_TOKEN_E2E", tests.testToken)
    e:value("E2E_TEST_TOKEN", tests.testToken)
    e:value("FLAGSMITH_API", api .. "/api/v1/")
  end
  e:extra(fe.extraEnv, "frontend.extraEnv")
  e:extra_from_secret(fe.extraEnvFromSecret, "frontend.extraEnvFromSecret")
  return e:list()
end

function M.object(values, release)
  local fe = values.frontend
  local port = values.service.frontend.port
  local containers = {
    {
      name = CONTAINER,
      image = pod.image(fe.image.repository, fe.image.tag, pod.APP_VERSION, "frontend.image"),
      imagePullPolicy = pod.pull_policy(values, fe.image.imagePullPolicy),
      ports = { { containerPort = port } },
      env = M.environment(values, release),
      livenessProbe = pod.probe(pod.http_get("/health", port), fe.livenessProbe),
      readinessProbe = pod.probe(pod.http_get("/health", port), fe.readinessProbe),
      lifecycle = tables.non_empty(tables.copy(fe.lifecycle)),
      resources = resources.of(fe, "frontend"),
      volumeMounts = tables.non_empty(tables.copy(fe.volumeMounts)),
    },
  }
  local spec = pod.spec(values, fe, "frontend", containers, {})

  return fsgen.source(pod.deployment(values, release, {
    name = M.name(values, release),
    component = "frontend",
    c = fe,
    prefix = "frontend",
    replicas = pod.replicas(fe.replicacount, values.hpa.frontend.enabled, "frontend.replicacount"),
    pod_annotations = pod.pod_annotations({}, fe.podAnnotations, "frontend.podAnnotations"),
    pod_spec = spec,
    extra_spec = fe.extraSpec,
  }))
end

return M
