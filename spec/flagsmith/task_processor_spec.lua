-- The task processor: its objects only when enabled, the API's image and
-- environment, the TASK_PROCESSOR_* settings, probes and scaling.
local h = require "flagsmith.helper"

local function render(values, release)
  values = values or {}
  values.taskProcessor = values.taskProcessor or {}
  if values.taskProcessor.enabled == nil then values.taskProcessor.enabled = true end
  return h.render { values = values, release = release }
end

local function tp(objects)
  for _, d in ipairs(h.all(objects, "Deployment")) do
    if d.spec.selector.matchLabels["app.kubernetes.io/component"] == "task-processor" then return d end
  end
end

describe("flagsmith task processor", function()
  it("renders nothing while off, and the API runs its own tasks", function()
    local objects = h.render {}
    assert.is_nil(tp(objects))
    for _, o in ipairs(objects) do assert.is_falsy(o.metadata.name:find("task%-processor")) end
    local env = h.env(h.container(h.find(objects, "Deployment", "flagsmith-api")))
    assert.is_nil(env.TASK_RUN_METHOD)
  end)

  for _, release in ipairs(h.RELEASES) do
    it("has a Deployment and Service named and selected like the chart's for " .. release.name:sub(1, 12), function()
      local objects = render({}, release)
      local d = tp(objects)
      local api_deployment
      for _, x in ipairs(h.all(objects, "Deployment")) do
        if x.spec.selector.matchLabels["app.kubernetes.io/component"] == "api" then api_deployment = x end
      end
      local fullname = api_deployment.metadata.name:gsub("%-api$", "")
      if release.name == "prod" then assert.equal("prod-flagsmith", fullname) end
      assert.equal(fullname .. "-task-processor", d.metadata.name)
      local selector = d.spec.selector.matchLabels
      assert.same({
        ["app.kubernetes.io/name"] = "flagsmith",
        ["app.kubernetes.io/instance"] = api_deployment.spec.selector.matchLabels["app.kubernetes.io/instance"],
        ["app.kubernetes.io/component"] = "task-processor",
      }, selector)
      local svc
      for _, s in ipairs(h.all(objects, "Service")) do
        if s.spec.selector["app.kubernetes.io/component"] == "task-processor" then svc = s end
      end
      assert.is_true(#svc.metadata.name <= 63)
      if #release.name < 53 then assert.equal(fullname .. "-task-processor", svc.metadata.name) end
      assert.same(selector, svc.spec.selector)
      assert.same({
        { name = "http", port = 8000, targetPort = 8000, protocol = "TCP" },
        { name = "prom", port = 9100, targetPort = 9100, protocol = "TCP" },
      }, svc.spec.ports)
    end)
  end

  it("runs the API's image with the chart's command and args", function()
    local c = h.container(tp(render()))
    assert.equal("flagsmith-task-processor", c.name)
    assert.equal("docker.flagsmith.com/flagsmith/flagsmith-api:2.227.0", c.image)
    assert.equal("IfNotPresent", c.imagePullPolicy)
    assert.same({ "./scripts/run-docker.sh" }, c.command)
    assert.same({ "run-task-processor" }, c.args)
    assert.same({ { containerPort = 8000 } }, c.ports)
  end)

  it("falls back to the API's image settings key by key, tag included", function()
    local d = tp(render { api = { image = { repository = "registry.example.com/flagsmith-api", tag = "2.300.0",
      imagePullPolicy = "Always", imagePullSecrets = { { name = "api-registry" } } } } })
    local c = h.container(d)
    assert.equal("registry.example.com/flagsmith-api:2.300.0", c.image)
    assert.equal("Always", c.imagePullPolicy)
    assert.same({ { name = "api-registry" } }, d.spec.template.spec.imagePullSecrets)
    d = tp(render {
      api = { image = { tag = "2.300.0", imagePullPolicy = "Always" } },
      taskProcessor = { image = { repository = "example/tp", imagePullPolicy = "Never",
        imagePullSecrets = { { name = "tp-registry" } } } },
    })
    c = h.container(d)
    assert.equal("example/tp:2.300.0", c.image)
    assert.equal("Never", c.imagePullPolicy)
    assert.same({ { name = "tp-registry" } }, d.spec.template.spec.imagePullSecrets)
    assert.equal("example/tp:9.9.9", h.container(tp(render { taskProcessor = {
      image = { repository = "example/tp", tag = "9.9.9" } } })).image)
  end)

  it("takes its own command and args", function()
    local c = h.container(tp(render { taskProcessor = { command = { "python" }, args = { "manage.py", "x" } } }))
    assert.same({ "python" }, c.command)
    assert.same({ "manage.py", "x" }, c.args)
    c = h.container(tp(render { taskProcessor = { command = { "/bin/run" } } }))
    assert.same({ "/bin/run" }, c.command)
    assert.is_nil(c.args, "a command without args runs alone")
    c = h.container(tp(render { taskProcessor = { args = { "run-task-processor", "--verbose" } } }))
    assert.same({ "./scripts/run-docker.sh" }, c.command)
    assert.same({ "run-task-processor", "--verbose" }, c.args)
  end)

  it("has the API's environment, then its own settings and extraEnv", function()
    local objects = render { taskProcessor = { sleepIntervalMs = 500, numThreads = 4, gracePeriodMs = 20000,
      queuePopSize = 10, extraEnv = { LOG_LEVEL = "DEBUG", LOG_FORMAT = "json" } } }
    local env, order = h.env(h.container(tp(objects)))
    local api_env = h.env(h.container(h.find(objects, "Deployment", "flagsmith-api")))
    for name, entry in pairs(api_env) do
      if name ~= "LOG_FORMAT" then assert.same(entry, env[name], name) end
    end
    assert.equal("TASK_PROCESSOR", api_env.TASK_RUN_METHOD.value)
    assert.equal("500", env.TASK_PROCESSOR_SLEEP_INTERVAL.value)
    assert.equal("4", env.TASK_PROCESSOR_NUM_THREADS.value)
    assert.equal("20000", env.TASK_PROCESSOR_GRACE_PERIOD_MS.value)
    assert.equal("10", env.TASK_PROCESSOR_QUEUE_POP_SIZE.value)
    assert.equal("DEBUG", env.LOG_LEVEL.value)
    assert.equal("json", env.LOG_FORMAT.value, "its extraEnv replaces the API's entry")
    assert.same({ "TASK_PROCESSOR_SLEEP_INTERVAL", "TASK_PROCESSOR_NUM_THREADS", "TASK_PROCESSOR_GRACE_PERIOD_MS",
      "TASK_PROCESSOR_QUEUE_POP_SIZE", "LOG_LEVEL" }, { table.unpack(order, #order - 4) })
    env = h.env(h.container(tp(render { taskProcessor = { numThreads = 0 } })))
    assert.is_nil(env.TASK_PROCESSOR_SLEEP_INTERVAL)
    assert.is_nil(env.TASK_PROCESSOR_NUM_THREADS, "0 is unset, as in the chart")
  end)

  it("rolls with the API when a Secret it reads changes", function()
    local a = tp(render { api = { secretKey = "one" } }).spec.template.metadata.annotations
    local b = tp(render { api = { secretKey = "two" } }).spec.template.metadata.annotations
    assert.is_not_nil(a["checksum/secrets-api"])
    assert.not_equal(a["checksum/secret-django-secret-key"], b["checksum/secret-django-secret-key"])
  end)

  describe("probes", function()
    it("check the health paths on the task processor's port", function()
      local c = h.container(tp(render { service = { taskProcessor = { port = 8001 } } }))
      assert.same({ path = "/health/liveness/", port = 8001, scheme = "HTTP" }, c.livenessProbe.httpGet)
      assert.same({ path = "/health/readiness/", port = 8001, scheme = "HTTP" }, c.readinessProbe.httpGet)
      assert.equal(30, c.livenessProbe.timeoutSeconds)
      assert.equal(10, c.readinessProbe.failureThreshold)
      assert.same({ { containerPort = 8001 } }, c.ports)
    end)

    it("run its exec command, else the API's", function()
      local api_exec = { command = { "python", "manage.py", "health" } }
      local c = h.container(tp(render { api = { livenessProbe = { exec = api_exec } },
        taskProcessor = { readinessProbe = { exec = { command = { "true" } } } } }))
      assert.same(api_exec, c.livenessProbe.exec)
      assert.is_nil(c.livenessProbe.httpGet)
      assert.same({ command = { "true" } }, c.readinessProbe.exec)
      assert.equal(5, c.livenessProbe.failureThreshold, "the thresholds are the task processor's")
    end)
  end)

  it("scales by CPU with its HPA, which then owns the replica count", function()
    local objects = render { taskProcessor = { replicacount = 3 } }
    assert.equal(3, tp(objects).spec.replicas)
    assert.same({}, h.all(objects, "HorizontalPodAutoscaler"))
    objects = render { hpa = { taskProcessor = { enabled = true, minReplicas = 2, maxReplicas = 6 } } }
    local hpa = h.find(objects, "HorizontalPodAutoscaler", "flagsmith-task-processor-hpa")
    assert.same({ apiVersion = "apps/v1", kind = "Deployment", name = "flagsmith-task-processor" },
      hpa.spec.scaleTargetRef)
    assert.equal(2, hpa.spec.minReplicas)
    assert.equal(6, hpa.spec.maxReplicas)
    assert.is_nil(tp(objects).spec.replicas)
    assert.equal("task-processor", hpa.metadata.labels["app.kubernetes.io/component"])
  end)

  it("has a Service only while on, and no HPA while off", function()
    local objects = h.render { values = { hpa = { taskProcessor = { enabled = true } },
      pdb = { taskProcessor = { enabled = true } } } }
    assert.same({}, h.all(objects, "HorizontalPodAutoscaler"))
    assert.same({}, h.all(objects, "PodDisruptionBudget"))
    assert.is_nil(h.find(objects, "Service", "flagsmith-task-processor"))
  end)

  it("makes PostgreSQL analytics possible", function()
    local env = h.env(h.container(h.find(render { UsePostgresForAnalytics = { enabled = true } }, "Deployment",
      "flagsmith-api")))
    assert.equal("true", env.USE_POSTGRES_FOR_ANALYTICS.value)
    assert.is_nil(env.DISABLE_ANALYTICS_FEATURES)
    local err = h.render_error { values = { UsePostgresForAnalytics = { enabled = true } } }
    assert.matches("taskProcessor.enabled", err, 1, true)
  end)

  it("passes k8s-validate with everything on", function()
    if not h.validator_available() then return pending("k8s-validate not found beside the project") end
    local objects = render { hpa = { taskProcessor = { enabled = true } }, pdb = { taskProcessor = { enabled = true } },
      taskProcessor = { numThreads = 2, podSecurityContext = { runAsUser = 1000 } } }
    local ok, output = h.validate(objects)
    assert.is_true(ok, output)
  end)
end)
