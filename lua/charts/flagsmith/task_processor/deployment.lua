-- The task processor Deployment: the API's image and environment (each
-- image setting falling back to the API's), running the task processor.
local api_deployment = require "api.deployment"
local environment = require "api.environment"
local names = require "names"
local pod = require "pod"
local probes = require "probes"
local resources = require "resources"
local tables = require "tables"

local M = {}

local CONTAINER = names.CHART_NAME .. "-task-processor"

-- The chart's TASK_PROCESSOR_* settings; unset, empty or 0 leave them out.
local SETTINGS = {
  { "TASK_PROCESSOR_SLEEP_INTERVAL", "sleepIntervalMs" },
  { "TASK_PROCESSOR_NUM_THREADS", "numThreads" },
  { "TASK_PROCESSOR_GRACE_PERIOD_MS", "gracePeriodMs" },
  { "TASK_PROCESSOR_QUEUE_POP_SIZE", "queuePopSize" },
}

function M.name(values, release)
  return names.fullname(values, release) .. "-task-processor"
end

function M.environment(values, release)
  local tp = values.taskProcessor
  local e = environment.builder(values, release)
  for _, s in ipairs(SETTINGS) do
    local text = tables.scalar_text(tp[s[2]])
    if text ~= nil and text ~= "" and text ~= "0" then e:value(s[1], text) end
  end
  e:extra(tp.extraEnv, "taskProcessor.extraEnv")
  return e:list()
end

-- A probe of the task processor: its own exec command, else the API's,
-- else an HTTP GET of the health path.
local function probe(settings, api_settings, path, port)
  local exec = settings.exec
  if tables.is_empty(exec) then exec = api_settings.exec end
  return probes.of(tables.merge_flat(settings, { exec = exec, path = path }), port)
end

local function command_and_args(tp)
  local command = tables.non_empty(tables.copy(tp.command)) or { "./scripts/run-docker.sh" }
  local args = tables.non_empty(tables.copy(tp.args))
  if args == nil and tables.is_empty(tp.command) then args = { "run-task-processor" } end
  return command, args
end

function M.object(values, release)
  local tp, api = values.taskProcessor, values.api
  local port = values.service.taskProcessor.port
  local img = pod.image_values(tp.image, api.image)
  local command, args = command_and_args(tp)
  local containers = {
    {
      name = CONTAINER,
      image = pod.image(img.repository, img.tag, pod.APP_VERSION, "taskProcessor.image"),
      imagePullPolicy = pod.pull_policy(values, img.imagePullPolicy),
      command = command,
      args = args,
      ports = { { containerPort = port } },
      env = M.environment(values, release),
      livenessProbe = probe(tp.livenessProbe, api.livenessProbe, "/health/liveness/", port),
      readinessProbe = probe(tp.readinessProbe, api.readinessProbe, "/health/readiness/", port),
      lifecycle = tables.non_empty(tables.copy(tp.lifecycle)),
      resources = resources.of(tp, "taskProcessor"),
      volumeMounts = tables.non_empty(tables.copy(tp.volumeMounts)),
    },
  }
  return fsgen.source(pod.deployment(values, release, {
    name = M.name(values, release),
    component = "task-processor",
    c = tp,
    prefix = "taskProcessor",
    replicas = pod.replicas(tp.replicacount, values.hpa.taskProcessor.enabled, "taskProcessor.replicacount"),
    pod_annotations = pod.pod_annotations(api_deployment.checksums(values, release), tp.podAnnotations,
      "taskProcessor.podAnnotations"),
    pod_spec = pod.spec(values, tp, "taskProcessor", containers, {}, img),
    extra_spec = tp.extraSpec,
  }))
end

return M
