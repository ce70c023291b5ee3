-- The SSE service: its objects only when enabled, the token it shares with
-- the API (generated once in the cluster or from an existing Secret), the
-- API's SSE_* environment, and scaling.
local h = require "flagsmith.helper"

local function render(values, release)
  values = values or {}
  values.sse = values.sse or {}
  if values.sse.enabled == nil then values.sse.enabled = true end
  return h.render { values = values, release = release }
end

local function by_component(objects, kind, component)
  for _, o in ipairs(h.all(objects, kind)) do
    local l = o.metadata.labels or {}
    if l["app.kubernetes.io/component"] == component then return o end
  end
end

local function api_env(objects)
  return h.env(h.container(by_component(objects, "Deployment", "api")))
end

describe("flagsmith SSE", function()
  it("renders nothing while off, not even the default HPA", function()
    local objects = h.render { values = { ingress = { sse = { enabled = true } }, gateway = { sse = { enabled = true } },
      pdb = { sse = { enabled = true } } } }
    for _, o in ipairs(objects) do assert.is_falsy(o.metadata.name:find("sse"), o.kind .. "/" .. o.metadata.name) end
    local env = api_env(objects)
    assert.is_nil(env.SSE_AUTHENTICATION_TOKEN)
    assert.is_nil(env.SSE_SERVER_BASE_URL)
  end)

  for _, release in ipairs(h.RELEASES) do
    it("has a Deployment, Service and HPA for " .. release.name:sub(1, 12), function()
      local objects = render({}, release)
      local d = by_component(objects, "Deployment", "sse")
      local svc = by_component(objects, "Service", "sse")
      local api = by_component(objects, "Deployment", "api")
      local fullname = api.metadata.name:gsub("%-api$", "")
      assert.equal(fullname .. "-sse", d.metadata.name)
      assert.is_true(#svc.metadata.name <= 63)
      assert.same(d.spec.selector.matchLabels, svc.spec.selector)
      assert.equal("sse", d.spec.selector.matchLabels["app.kubernetes.io/component"])
      assert.equal(api.spec.selector.matchLabels["app.kubernetes.io/instance"],
        d.spec.selector.matchLabels["app.kubernetes.io/instance"])
      assert.same({ { name = "http", port = 8000, targetPort = 8000, protocol = "TCP" } }, svc.spec.ports)
      local hpa = h.find(objects, "HorizontalPodAutoscaler", fullname .. "-sse-hpa")
      assert.equal(d.metadata.name, hpa.spec.scaleTargetRef.name)
      assert.equal(1, hpa.spec.minReplicas)
      assert.equal(5, hpa.spec.maxReplicas)
      assert.is_nil(d.spec.replicas, "the HPA (on by default) owns the replica count")
      local env = api_env(objects)
      assert.equal(("http://%s.%s:8000"):format(svc.metadata.name, release.namespace), env.SSE_SERVER_BASE_URL.value)
    end)
  end

  it("runs the SSE image with its probes on the SSE port", function()
    local objects = render { service = { sse = { port = 8088 } } }
    local c = h.container(by_component(objects, "Deployment", "sse"))
    assert.equal("flagsmith-sse", c.name)
    assert.equal("flagsmith/sse:3.6.0", c.image)
    assert.same({ "serve" }, c.args)
    assert.same({ { containerPort = 8088 } }, c.ports)
    assert.same({ path = "/health/liveness/", port = 8088, scheme = "HTTP" }, c.livenessProbe.httpGet)
    assert.same({ path = "/health/readiness/", port = 8088, scheme = "HTTP" }, c.readinessProbe.httpGet)
    assert.equal(10, c.readinessProbe.failureThreshold)
    assert.equal("http://flagsmith-sse.default:8088", api_env(objects).SSE_SERVER_BASE_URL.value)
  end)

  it("shares a token generated once in the cluster with the API", function()
    local objects = render()
    local ref = { name = "flagsmith-sse-authentication-token", key = "sse-authentication-token" }
    local env = h.env(h.container(by_component(objects, "Deployment", "sse")))
    assert.same(ref, env.SSE_AUTHENTICATION_TOKEN.valueFrom.secretKeyRef)
    assert.same(ref, api_env(objects).SSE_AUTHENTICATION_TOKEN.valueFrom.secretKeyRef)
    assert.is_nil(h.find(objects, "Secret", ref.name), "no token in fsgen's output")
    local job = by_component(objects, "Job", "sse-secret-init")
    assert.matches("^flagsmith%-sse%-authentication%-token%-%x+$", job.metadata.name)
    local job_env = h.env(job.spec.template.spec.containers[1])
    assert.equal(ref.name, job_env.SECRET_NAME.value)
    assert.equal(ref.key, job_env.SECRET_KEYS.value)
    assert.same({ ref.name }, h.find(objects, "Role", ref.name).rules[1].resourceNames)
    assert.is_not_nil(h.find(objects, "ServiceAccount", ref.name))
    assert.is_not_nil(h.find(objects, "RoleBinding", ref.name))
  end)

  it("reads the token from an existing Secret instead", function()
    local objects = render { sse = { authenticationTokenFromExistingSecret = { enabled = true, name = "sse-token",
      key = "token" } } }
    local ref = { name = "sse-token", key = "token" }
    assert.same(ref, h.env(h.container(by_component(objects, "Deployment", "sse")))
      .SSE_AUTHENTICATION_TOKEN.valueFrom.secretKeyRef)
    assert.same(ref, api_env(objects).SSE_AUTHENTICATION_TOKEN.valueFrom.secretKeyRef)
    assert.is_nil(by_component(objects, "Job", "sse-secret-init"))
    objects = render { sse = { authenticationTokenFromExistingSecret = { enabled = true, name = "sse-token" } } }
    assert.equal("sse-authentication-token", api_env(objects).SSE_AUTHENTICATION_TOKEN.valueFrom.secretKeyRef.key)
    local err = h.render_error { values = { sse = { enabled = true,
      authenticationTokenFromExistingSecret = { enabled = true } } } }
    assert.matches("sse.authenticationTokenFromExistingSecret.name: required", err, 1, true)
  end)

  it("takes extraEnv and extraEnvFromSecret before the token", function()
    local objects = render { sse = { extraEnv = { REDIS_HOST = "redis", REDIS_PORT = 6379, USE_CLUSTER_MODE = true },
      extraEnvFromSecret = { REDIS_PASSWORD = { secretName = "redis", secretKey = "password" } } } }
    local env, order = h.env(h.container(by_component(objects, "Deployment", "sse")))
    assert.same({ "REDIS_HOST", "REDIS_PORT", "USE_CLUSTER_MODE", "REDIS_PASSWORD", "SSE_AUTHENTICATION_TOKEN" }, order)
    assert.equal("6379", env.REDIS_PORT.value)
    assert.equal("true", env.USE_CLUSTER_MODE.value)
    assert.same({ name = "redis", key = "password" }, env.REDIS_PASSWORD.valueFrom.secretKeyRef)
  end)

  it("follows replicaCount without its HPA, and budgets disruptions", function()
    local objects = render { hpa = { sse = { enabled = false } }, sse = { replicaCount = 3 },
      pdb = { sse = { enabled = true, maxUnavailable = 1 } } }
    local d = by_component(objects, "Deployment", "sse")
    assert.equal(3, d.spec.replicas)
    assert.same({}, h.all(objects, "HorizontalPodAutoscaler"))
    local pdb = h.find(objects, "PodDisruptionBudget", "flagsmith-sse-pdb")
    assert.same(d.spec.selector.matchLabels, pdb.spec.selector.matchLabels)
    assert.equal(1, pdb.spec.maxUnavailable)
  end)

  it("passes k8s-validate with everything on", function()
    if not h.validator_available() then return pending("k8s-validate not found beside the project") end
    local objects = render { pdb = { sse = { enabled = true } }, ingress = { sse = { enabled = true,
      hosts = { { host = "sse.example.com", paths = { "/" } } } } }, gateway = { sse = { enabled = true } } }
    local ok, output = h.validate(objects)
    assert.is_true(ok, output)
  end)
end)
