-- A Helm user's values file renders as it is, with `-f`.
local h = require "flagsmith.helper"

local FILE = "spec/flagsmith/fixtures/helm-values.yaml"

describe("a Helm values file", function()
  local objects = h.render { values_files = { FILE }, release = { name = "flagsmith", namespace = "flags" } }

  it("renders the objects it asks for", function()
    assert.same({
      "Deployment/flagsmith",
      "Deployment/flagsmith-api",
      "HorizontalPodAutoscaler/flagsmith-api-hpa",
      "Ingress/flagsmith-api",
      "Ingress/flagsmith-frontend",
      "PodDisruptionBudget/flagsmith-api-pdb",
      "Service/flagsmith-api",
      "Service/flagsmith-frontend",
    }, h.inventory(objects))
  end)

  it("applies its settings", function()
    local api = h.find(objects, "Deployment", "flagsmith-api")
    assert.is_nil(api.spec.replicas, "the HPA owns replicas")
    assert.equal(0, api.spec.strategy.rollingUpdate.maxUnavailable)
    assert.equal(5, api.spec.revisionHistoryLimit)
    assert.equal(30, api.spec.template.spec.terminationGracePeriodSeconds)
    local env = h.env(h.container(api))
    assert.equal("INFO", env.LOG_LEVEL.value)
    assert.equal("10.0.0.0/8", env.ALLOWED_ADMIN_IP_ADDRESSES.value)
    assert.same({ name = "smtp", key = "password" }, env.EMAIL_HOST_PASSWORD.valueFrom.secretKeyRef)
    assert.same({ name = "flagsmith-db", key = "DATABASE_URL" }, env.DATABASE_URL.valueFrom.secretKeyRef)
    assert.same({ name = "flagsmith-django", key = "django-secret-key" }, env.DJANGO_SECRET_KEY.valueFrom.secretKeyRef)
    assert.equal("feature-flags", api.metadata.labels.team)
    local fe = h.find(objects, "Deployment", "flagsmith")
    assert.equal("true", fe.spec.template.metadata.annotations["cluster-autoscaler.kubernetes.io/safe-to-evict"])
    assert.equal("flags.example.com", h.find(objects, "Ingress", "flagsmith-frontend").spec.rules[1].host)
  end)

  it("passes k8s-validate", function()
    if not h.validator_available() then
      pending("k8s-validate not found beside the project")
      return
    end
    local ok, output = h.validate(objects)
    assert.is_true(ok, output)
  end)
end)
