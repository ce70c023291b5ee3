-- The shipped overlays: what each one is for, and valid output for every
-- release name and namespace.
local h = require "flagsmith.helper"

local OVERLAYS = {
  "minikube", "frontend-proxy", "separate-ingresses", "external-db", "external-db-secret",
  "all-in-one", "pgbouncer", "influxdb", "prod",
}

local function render(name, release)
  return h.render { overlays = { "overlays/" .. name .. ".lua" }, release = release }
end

local function by_component(objects, kind, component)
  for _, o in ipairs(h.all(objects, kind)) do
    if o.metadata.labels["app.kubernetes.io/component"] == component then return o end
  end
end

local function api_env(objects)
  return h.env(h.container(by_component(objects, "Deployment", "api")))
end

local function frontend_env(objects)
  return h.env(h.container(by_component(objects, "Deployment", "frontend")))
end

local function rule_paths(ingress)
  local out = {}
  for _, p in ipairs(ingress.spec.rules[1].http.paths) do out[#out + 1] = p.path end
  return out
end

local API_PATHS = { "/api/", "/health/", "/admin/", "/static/admin/" }

describe("shipped overlays", function()
  for _, name in ipairs(OVERLAYS) do
    for _, release in ipairs(h.RELEASES) do
      for _, namespace in ipairs { "default", "flags" } do
        it(("%s renders valid objects for %s... in %s"):format(name, release.name:sub(1, 12), namespace), function()
          if not h.validator_available() then
            pending("k8s-validate not found beside the project")
            return
          end
          local objects = render(name, { name = release.name, namespace = namespace })
          local ok, output = h.validate(objects)
          assert.is_true(ok, output)
          for _, o in ipairs(objects) do assert.equal(namespace, o.metadata.namespace) end
        end)
      end
    end
  end

  it("minikube: frontend and API ingresses on http://flagsmith.local in namespace flagsmith", function()
    local objects = render "minikube"
    local fe, api = h.find(objects, "Ingress", "flagsmith-frontend"), h.find(objects, "Ingress", "flagsmith-api")
    for _, ing in ipairs { fe, api } do
      assert.equal("flagsmith.local", ing.spec.rules[1].host)
      assert.equal("nginx", ing.spec.ingressClassName)
      assert.equal("flagsmith", ing.metadata.namespace)
    end
    assert.same({ "/" }, rule_paths(fe))
    assert.same(API_PATHS, rule_paths(api))
    assert.equal("http://flagsmith.local/api/v1/", frontend_env(objects).FLAGSMITH_API_URL.value)
  end)

  it("frontend-proxy: one ingress, the frontend proxying the API", function()
    local objects = render "frontend-proxy"
    local ingresses = h.all(objects, "Ingress")
    assert.equal(1, #ingresses)
    assert.equal("flagsmith-frontend", ingresses[1].metadata.name)
    assert.equal("flagsmith.example.com", ingresses[1].spec.rules[1].host)
    local env = frontend_env(objects)
    assert.equal("http://flagsmith-api.default:8000", env.PROXY_API_URL.value)
    assert.equal("https://flagsmith.example.com/api/v1/", env.FLAGSMITH_API_URL.value)
    assert.equal("true", api_env(objects).USE_X_FORWARDED_HOST.value)
  end)

  it("separate-ingresses: API and frontend on one host, no proxy", function()
    local objects = render "separate-ingresses"
    local fe, api = h.find(objects, "Ingress", "flagsmith-frontend"), h.find(objects, "Ingress", "flagsmith-api")
    assert.equal("flagsmith.example.com", fe.spec.rules[1].host)
    assert.equal("flagsmith.example.com", api.spec.rules[1].host)
    assert.same(API_PATHS, rule_paths(api))
    local env = frontend_env(objects)
    assert.is_nil(env.PROXY_API_URL)
    assert.equal("https://flagsmith.example.com/api/v1/", env.FLAGSMITH_API_URL.value)
    assert.is_nil(api_env(objects).USE_X_FORWARDED_HOST)
  end)

  it("external-db: the URL from parts, no in-cluster database", function()
    local objects = render "external-db"
    assert.same({}, h.all(objects, "StatefulSet"))
    local url = h.secret_data(h.find(objects, "Secret", "flagsmith")).DATABASE_URL
    assert.equal("postgres://flagsmith:change-me@postgres.example.com:5432/flagsmith", url)
  end)

  it("external-db-secret: the URL from an existing Secret, none written", function()
    local objects = render "external-db-secret"
    assert.same({}, h.all(objects, "StatefulSet"))
    assert.is_nil(h.find(objects, "Secret", "flagsmith"))
    assert.same({ name = "flagsmith-database", key = "DATABASE_URL" },
      api_env(objects).DATABASE_URL.valueFrom.secretKeyRef)
  end)

  it("all-in-one: the combined image, frontend traffic to the API pods", function()
    local objects = render "all-in-one"
    assert.is_nil(by_component(objects, "Deployment", "frontend"))
    assert.equal("flagsmith/flagsmith:2.227.0", h.container(by_component(objects, "Deployment", "api")).image)
    local svc = h.find(objects, "Service", "flagsmith-frontend")
    assert.equal("api", svc.spec.selector["app.kubernetes.io/component"])
  end)

  it("pgbouncer: the application connects through PgBouncer", function()
    local objects = render "pgbouncer"
    assert.is_not_nil(h.find(objects, "Deployment", "flagsmith-pgbouncer"))
    local url = h.secret_data(h.find(objects, "Secret", "flagsmith")).DATABASE_URL
    assert.equal("postgres://postgres:flagsmith@flagsmith-pgbouncer.default.svc.cluster.local/flagsmith", url)
  end)

  it("influxdb: analytics go to the in-cluster InfluxDB, kept on a volume", function()
    local objects = render "influxdb"
    assert.equal("10Gi", h.find(objects, "PersistentVolumeClaim", "flagsmith-influxdb").spec.resources.requests.storage)
    assert.equal("http://flagsmith-influxdb.default.svc.cluster.local:8080", api_env(objects).INFLUXDB_URL.value)
  end)

  it("prod: existing Secrets, TLS ingresses, HPAs, PDBs, sized pods, nothing secret in the output", function()
    local objects = render "prod"
    assert.same({
      "Deployment/flagsmith",
      "Deployment/flagsmith-api",
      "HorizontalPodAutoscaler/flagsmith-api-hpa",
      "HorizontalPodAutoscaler/flagsmith-frontend-hpa",
      "Ingress/flagsmith-api",
      "Ingress/flagsmith-frontend",
      "PodDisruptionBudget/flagsmith-api-pdb",
      "PodDisruptionBudget/flagsmith-frontend-pdb",
      "Service/flagsmith-api",
      "Service/flagsmith-frontend",
    }, h.inventory(objects))
    for _, o in ipairs(objects) do assert.equal("flagsmith", o.metadata.namespace) end
    local env = api_env(objects)
    assert.same({ name = "flagsmith-database", key = "DATABASE_URL" }, env.DATABASE_URL.valueFrom.secretKeyRef)
    assert.same({ name = "flagsmith-django", key = "django-secret-key" }, env.DJANGO_SECRET_KEY.valueFrom.secretKeyRef)
    for _, ing in ipairs(h.all(objects, "Ingress")) do
      assert.same({ { hosts = { "flagsmith.example.com" }, secretName = "flagsmith-tls" } }, ing.spec.tls)
    end
    for _, hpa in ipairs(h.all(objects, "HorizontalPodAutoscaler")) do
      assert.is_true(hpa.spec.minReplicas >= 2)
    end
    for _, d in ipairs(h.all(objects, "Deployment")) do
      assert.is_nil(d.spec.replicas)
      assert.is_not_nil(h.container(d).resources)
    end
    assert.equal("1", h.container(h.find(objects, "Deployment", "flagsmith-api")).resources.limits.cpu)
  end)
end)
