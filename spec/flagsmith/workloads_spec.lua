-- Pod-level settings of the API and frontend Deployments.
local core = require "fsgen.core"
local h = require "flagsmith.helper"

local function api(values)
  return h.find(h.render { values = values }, "Deployment", "flagsmith-api")
end

local function frontend(values)
  return h.find(h.render { values = values }, "Deployment", "flagsmith")
end

describe("flagsmith workloads", function()
  describe("probes", function()
    it("use HTTP GET on the configured path by default", function()
      local c = h.container(api {}, "flagsmith-api")
      assert.same({ path = "/health/liveness/", port = 8000, scheme = "HTTP" }, c.livenessProbe.httpGet)
      assert.same({ path = "/health/readiness/", port = 8000, scheme = "HTTP" }, c.readinessProbe.httpGet)
      assert.equal(5, c.livenessProbe.failureThreshold)
      assert.equal(10, c.readinessProbe.failureThreshold)
    end)

    it("use an exec command when given, and follow the thresholds", function()
      local c = h.container(api { api = { livenessProbe = {
        exec = { command = { "python", "-c", "ok" } }, periodSeconds = 30,
      } } }, "flagsmith-api")
      assert.same({ command = { "python", "-c", "ok" } }, c.livenessProbe.exec)
      assert.is_nil(c.livenessProbe.httpGet)
      assert.equal(30, c.livenessProbe.periodSeconds)
    end)

    it("are left out with neither a path nor a command", function()
      local c = h.container(api { api = { readinessProbe = { path = core.null } } }, "flagsmith-api")
      assert.is_nil(c.readinessProbe)
      assert.is_not_nil(c.livenessProbe)
    end)

    it("of the frontend check /health on its port", function()
      local c = h.container(frontend { service = { frontend = { port = 9090 } } })
      assert.same({ path = "/health", port = 9090, scheme = "HTTP" }, c.livenessProbe.httpGet)
      assert.equal(20, c.readinessProbe.initialDelaySeconds)
    end)
  end)

  it("merge the default pod security context under the user's, user values winning", function()
    local d = api { api = {
      podSecurityContext = { runAsUser = 1000, fsGroup = 2000 },
      defaultPodSecurityContext = { enabled = true, runAsNonRoot = true, runAsUser = 1 },
    } }
    assert.same({ runAsUser = 1000, fsGroup = 2000, runAsNonRoot = true }, d.spec.template.spec.securityContext)
    d = api { api = { defaultPodSecurityContext = { enabled = false, runAsNonRoot = true } } }
    assert.is_nil(d.spec.template.spec.securityContext)
  end)

  it("fall back to the global pull policy and secrets, accepting bare secret names", function()
    local d = api { global = { image = { imagePullPolicy = "Always", imagePullSecrets = { "global-cred" } } } }
    assert.equal("Always", h.container(d).imagePullPolicy)
    assert.same({ { name = "global-cred" } }, d.spec.template.spec.imagePullSecrets)
    d = api {
      global = { image = { imagePullSecrets = { "global-cred" } } },
      api = { image = { imagePullPolicy = "Never", imagePullSecrets = { { name = "own" } }, tag = "2.100.0" } },
    }
    assert.equal("Never", h.container(d).imagePullPolicy)
    assert.same({ { name = "own" } }, d.spec.template.spec.imagePullSecrets)
    assert.equal("docker.flagsmith.com/flagsmith/flagsmith-api:2.100.0", h.container(d).image)
  end)

  it("carry scheduling, identity and lifecycle settings", function()
    local d = api { api = {
      nodeSelector = { pool = "apps" },
      tolerations = { { key = "dedicated", operator = "Equal", value = "flagsmith", effect = "NoSchedule" } },
      affinity = { nodeAffinity = { requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms = {} } } },
      schedulerName = "custom",
      shareProcessNamespace = true,
      serviceAccountName = "flagsmith-api",
      terminationGracePeriodSeconds = 45,
      lifecycle = { preStop = { exec = { command = { "sleep", "5" } } } },
      podAnnotations = { ["prometheus.io/scrape"] = "true" },
    } }
    local spec = d.spec.template.spec
    assert.same({ pool = "apps" }, spec.nodeSelector)
    assert.equal("dedicated", spec.tolerations[1].key)
    assert.is_not_nil(spec.affinity.nodeAffinity)
    assert.equal("custom", spec.schedulerName)
    assert.is_true(spec.shareProcessNamespace)
    assert.equal("flagsmith-api", spec.serviceAccountName)
    assert.equal(45, spec.terminationGracePeriodSeconds)
    assert.same({ "sleep", "5" }, h.container(d).lifecycle.preStop.exec.command)
    assert.equal("true", d.spec.template.metadata.annotations["prometheus.io/scrape"])
    assert.is_string(d.spec.template.metadata.annotations["checksum/secrets-api"])
  end)

  it("run the given command and args", function()
    local c = h.container(api { api = { command = { "/bin/sh" }, args = { "-c", "serve" } } })
    assert.same({ "/bin/sh" }, c.command)
    assert.same({ "-c", "serve" }, c.args)
    c = h.container(api { api = { command = { "run" } } })
    assert.is_nil(c.args, "a command without args gets no default args")
    c = h.container(api { api = { enableMigrateAndServe = true } })
    assert.same({ "migrate-and-serve" }, c.args)
  end)

  it("add extra containers, init containers, volumes and mounts", function()
    local d = api { api = {
      enableMigrateDbInitContainer = false,
      extraInitContainers = { { name = "init-x", image = "busybox" } },
      extraContainers = { { name = "sidecar", image = "envoy" } },
      extraVolumes = { { name = "certs", secret = { secretName = "certs" } } },
      volumeMounts = { { name = "certs", mountPath = "/certs" } },
    } }
    local spec = d.spec.template.spec
    assert.equal(1, #spec.initContainers, "no migrate-db init container")
    assert.equal("init-x", spec.initContainers[1].name)
    assert.equal("sidecar", spec.containers[2].name)
    assert.equal("certs", spec.volumes[1].name)
    assert.same({ { name = "certs", mountPath = "/certs" } }, spec.containers[1].volumeMounts)
    d = api { api = { volumeMounts = { { name = "certs", mountPath = "/certs" } },
      extraVolumes = { { name = "certs", secret = { secretName = "certs" } } } } }
    assert.same({ { name = "certs", mountPath = "/certs" } }, h.init_container(d, "migrate-db").volumeMounts)
  end)

  it("take extra containers given as YAML text", function()
    if not pcall(core.load_yaml, "a: 1", "probe") then
      pending("fsgen.core.load_yaml is not available yet")
      return
    end
    local d = api { api = { extraContainers = "- name: sidecar\n  image: envoy\n" } }
    assert.equal("sidecar", d.spec.template.spec.containers[2].name)
  end)

  it("merge extraSpec into the Deployment spec (either spelling)", function()
    local d = api { api = { extraSpec = { minReadySeconds = 10 }, bootstrap = { extraSpec = { revisionHistoryLimit = 3 } } } }
    assert.equal(10, d.spec.minReadySeconds)
    assert.equal(3, d.spec.revisionHistoryLimit)
    assert.is_not_nil(d.spec.template)
    local f = frontend { frontend = { extraSpec = { minReadySeconds = 7 } } }
    assert.equal(7, f.spec.minReadySeconds)
  end)

  it("follow replicacount and deploymentStrategy; null replicas leaves the field out", function()
    local strategy = { type = "RollingUpdate", rollingUpdate = { maxUnavailable = 1, maxSurge = "50%" } }
    local d = api { api = { replicacount = 4, deploymentStrategy = strategy } }
    assert.equal(4, d.spec.replicas)
    assert.same(strategy, d.spec.strategy)
    assert.is_nil(api { api = { replicacount = core.null } }.spec.replicas)
    assert.equal(2, frontend { frontend = { replicacount = 2 } }.spec.replicas)
  end)

  it("wait for the database when the docs page's dbWaiter is on", function()
    local d = api { api = { dbWaiter = { enabled = true, timeoutSeconds = 60 } } }
    local waiter = h.init_container(d, "wait-for-db")
    assert.equal("willwill/wait-for-it:latest", waiter.image)
    assert.same({ "/wait-for-it.sh", "--host=flagsmith-dev-postgresql.default.svc.cluster.local", "--port=5432",
      "--timeout=60" }, waiter.command)
    assert.equal("wait-for-db", d.spec.template.spec.initContainers[1].name)
    assert.equal("migrate-db", d.spec.template.spec.initContainers[2].name)
    assert.is_nil(h.init_container(api {}, "wait-for-db"))
  end)

  describe("resources", function()
    it("are empty by default", function()
      assert.is_nil(h.container(api {}).resources)
    end)

    it("come from a preset, explicit resources winning key by key", function()
      local c = h.container(api { api = { resourcesPreset = "medium", resources = { limits = { memory = "3Gi" } } } })
      assert.same({ requests = { cpu = "500m", memory = "1Gi" }, limits = { cpu = "1", memory = "3Gi" } }, c.resources)
      c = h.container(frontend { frontend = { resourcesPreset = "large" } })
      assert.same({ requests = { cpu = "1", memory = "2Gi" }, limits = { cpu = "2", memory = "4Gi" } }, c.resources)
    end)

    it("name an unknown preset", function()
      local ok, err = pcall(h.render, { values = { api = { resourcesPreset = "huge" } } })
      assert.is_false(ok)
      assert.matches("api.resourcesPreset: unknown preset 'huge' (expected one of: none, small, medium, large)",
        tostring(err), 1, true)
    end)
  end)

  it("give the frontend its environment contract", function()
    local env, order = h.env(h.container(frontend { frontend = { extraEnv = { FLAGSMITH_API_URL = "https://x/api/v1/" },
      extraEnvFromSecret = { SECRET_VAR = { secretName = "s", secretKey = "k" } } } }))
    assert.same({ "ASSET_URL", "PROXY_API_URL", "FLAGSMITH_PROXY_API_URL", "FLAGSMITH_API_URL", "SECRET_VAR" }, order)
    assert.equal("/", env.ASSET_URL.value)
    assert.equal("http://flagsmith-api.default:8000", env.PROXY_API_URL.value)
    assert.equal("http://flagsmith-api.default:8000", env.FLAGSMITH_PROXY_API_URL.value)
    assert.equal("https://x/api/v1/", env.FLAGSMITH_API_URL.value)
    env = h.env(h.container(frontend { frontend = { apiProxy = { enabled = false } } }))
    assert.is_nil(env.PROXY_API_URL)
    assert.is_nil(env.FLAGSMITH_PROXY_API_URL)
    local objects = h.render { release = { name = "prod", namespace = "flags" } }
    env = h.env(h.container(h.find(objects, "Deployment", "prod-flagsmith")))
    assert.equal("http://prod-flagsmith-api.flags:8000", env.PROXY_API_URL.value)
  end)

  describe("bootstrap", function()
    it("is off by default", function()
      assert.is_nil(h.init_container(api {}, "bootstrap"))
    end)

    it("runs after the migrations with the API's environment and its own settings", function()
      local d = api { api = { bootstrap = { enabled = true, adminEmail = "admin@example.com",
        organisationName = "Acme", projectName = "Flags" }, volumeMounts = { { name = "certs", mountPath = "/certs" } },
        extraVolumes = { { name = "certs", secret = { secretName = "certs" } } },
        extraInitContainers = { { name = "init-x", image = "busybox" } } } }
      local inits = d.spec.template.spec.initContainers
      assert.same({ "migrate-db", "bootstrap", "init-x" }, { inits[1].name, inits[2].name, inits[3].name })
      local b = inits[2]
      assert.equal(h.container(d, "flagsmith-api").image, b.image)
      assert.same({ "/bin/sh", "-c" }, b.command)
      assert.same({ "python manage.py waitfordb && python manage.py bootstrap" }, b.args)
      local env, order = h.env(b)
      local api_env = h.env(h.container(d, "flagsmith-api"))
      for name, entry in pairs(api_env) do assert.same(entry, env[name], name) end
      assert.equal("true", env.ALLOW_ADMIN_INITIATION_VIA_CLI.value)
      assert.equal("admin@example.com", env.ADMIN_EMAIL.value)
      assert.equal("Acme", env.ORGANISATION_NAME.value)
      assert.equal("Flags", env.PROJECT_NAME.value)
      assert.same({ "ALLOW_ADMIN_INITIATION_VIA_CLI", "ADMIN_EMAIL", "ORGANISATION_NAME", "PROJECT_NAME" },
        { table.unpack(order, #order - 3) })
      assert.same({ { name = "certs", mountPath = "/certs" } }, b.volumeMounts)
    end)

    it("leaves unset bootstrap settings to the application's defaults", function()
      local env = h.env(h.init_container(api { api = { bootstrap = { enabled = true } } }, "bootstrap"))
      assert.is_nil(env.ADMIN_EMAIL)
      assert.is_nil(env.ORGANISATION_NAME)
      assert.is_nil(env.PROJECT_NAME)
    end)
  end)

  describe("every component's pod settings", function()
    -- The pod-level keys every Deployment of the chart takes, on each one.
    local COMPONENTS = {
      { key = "api", name = "flagsmith-api" },
      { key = "frontend", name = "flagsmith" },
      { key = "taskProcessor", name = "flagsmith-task-processor", on = { taskProcessor = { enabled = true } } },
      { key = "sse", name = "flagsmith-sse", on = { sse = { enabled = true } } },
      { key = "pgbouncer", name = "flagsmith-pgbouncer", on = { pgbouncer = { enabled = true } }, no_extra_spec = true },
    }
    for _, c in ipairs(COMPONENTS) do
      it("apply to " .. c.key, function()
        local values = {}
        for k, v in pairs(c.on or {}) do values[k] = v end
        local own = { enabled = c.on and true or nil }
        values[c.key] = own
        own.shareProcessNamespace = true
        own.schedulerName = "bin-packer"
        own.serviceAccountName = "flagsmith-runner"
        own.terminationGracePeriodSeconds = 45
        own.nodeSelector = { pool = "flags" }
        own.tolerations = { { key = "dedicated", operator = "Exists" } }
        own.affinity = { nodeAffinity = { requiredDuringSchedulingIgnoredDuringExecution = {
          nodeSelectorTerms = { { matchExpressions = { { key = "zone", operator = "In", values = { "a" } } } } } } } }
        own.podSecurityContext = { runAsNonRoot = true }
        own.podLabels = { tier = "flags" }
        own.podAnnotations = { note = "x" }
        own.lifecycle = { preStop = { exec = { command = { "sleep", "5" } } } }
        own.extraInitContainers = { { name = "init-x", image = "busybox" } }
        own.extraContainers = "- name: sidecar\n  image: envoy\n"
        own.extraVolumes = { { name = "scratch", emptyDir = {} } }
        own.volumeMounts = { { name = "scratch", mountPath = "/scratch" } }
        own.resources = { limits = { memory = "1Gi" } }
        own.image = { imagePullSecrets = { "registry" } }
        if not c.no_extra_spec then own.extraSpec = { minReadySeconds = 9 } end
        local d = h.find(h.render { values = values }, "Deployment", c.name)
        if not c.no_extra_spec then assert.equal(9, d.spec.minReadySeconds) end
        local spec = d.spec.template.spec
        assert.is_true(spec.shareProcessNamespace)
        assert.equal("bin-packer", spec.schedulerName)
        assert.equal("flagsmith-runner", spec.serviceAccountName)
        assert.equal(45, spec.terminationGracePeriodSeconds)
        assert.same({ pool = "flags" }, spec.nodeSelector)
        assert.same(own.tolerations, spec.tolerations)
        assert.same(own.affinity, spec.affinity)
        assert.is_true(spec.securityContext.runAsNonRoot)
        assert.same({ { name = "registry" } }, spec.imagePullSecrets)
        assert.equal("flags", d.spec.template.metadata.labels.tier)
        assert.equal("x", d.spec.template.metadata.annotations.note)
        local last_init = spec.initContainers[#spec.initContainers]
        assert.equal("init-x", last_init.name)
        assert.equal("sidecar", spec.containers[2].name)
        assert.same({ { name = "scratch", emptyDir = {} } }, spec.volumes)
        assert.same({ { name = "scratch", mountPath = "/scratch" } }, spec.containers[1].volumeMounts)
        assert.same(own.lifecycle, spec.containers[1].lifecycle)
        assert.equal("1Gi", spec.containers[1].resources.limits.memory)
      end)
    end

    it("take the global pull secrets and policy when a component has none", function()
      local objects = h.render { values = {
        global = { image = { imagePullPolicy = "Always", imagePullSecrets = { { name = "global-registry" } } } },
        taskProcessor = { enabled = true }, sse = { enabled = true }, pgbouncer = { enabled = true },
      } }
      for _, d in ipairs(h.all(objects, "Deployment")) do
        assert.same({ { name = "global-registry" } }, d.spec.template.spec.imagePullSecrets, d.metadata.name)
        assert.equal("Always", h.container(d).imagePullPolicy, d.metadata.name)
      end
    end)
  end)
end)
