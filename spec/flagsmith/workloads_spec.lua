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
    d = api { api = { volumeMounts = { { name = "certs", mountPath = "/certs" } } } }
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

  it("refuse capabilities fsgen does not render yet", function()
    for _, values in ipairs {
      { taskProcessor = { enabled = true } },
      { sse = { enabled = true } },
      { serviceMonitor = { enabled = true } },
    } do
      local ok, err = pcall(h.render, { values = values })
      assert.is_false(ok)
      assert.matches("not available in fsgen yet", tostring(err), 1, true)
    end
  end)
end)
