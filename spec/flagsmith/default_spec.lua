-- The chart with its defaults: the Helm chart's default object set, valid
-- for every release name and namespace.
local h = require "flagsmith.helper"

describe("flagsmith chart defaults", function()
  it("renders the chart's default objects", function()
    local objects = h.render {}
    assert.same({
      "Deployment/flagsmith",
      "Deployment/flagsmith-api",
      "Job/" .. h.all(objects, "Job")[1].metadata.name,
      "Role/flagsmith-django-secret-key",
      "RoleBinding/flagsmith-django-secret-key",
      "Secret/flagsmith",
      "Secret/flagsmith-dev-postgresql",
      "Service/flagsmith-api",
      "Service/flagsmith-dev-postgresql",
      "Service/flagsmith-dev-postgresql-hl",
      "Service/flagsmith-frontend",
      "ServiceAccount/flagsmith-dev-postgresql",
      "ServiceAccount/flagsmith-django-secret-key",
      "StatefulSet/flagsmith-dev-postgresql",
    }, h.inventory(objects))
    assert.matches("^flagsmith%-django%-secret%-key%-%x+$", h.all(objects, "Job")[1].metadata.name)
  end)

  it("renders the same objects every time", function()
    assert.equal(h.to_json(h.render {}), h.to_json(h.render {}))
  end)

  it("exposes the API on 8000 with the prom port, the frontend on 8080", function()
    local objects = h.render {}
    local api = h.find(objects, "Service", "flagsmith-api")
    assert.same({
      { name = "http", port = 8000, targetPort = 8000, protocol = "TCP" },
      { name = "prom", port = 9100, targetPort = 9100, protocol = "TCP" },
    }, api.spec.ports)
    assert.equal("ClusterIP", api.spec.type)
    local fe = h.find(objects, "Service", "flagsmith-frontend")
    assert.same({ { name = "http", port = 8080, targetPort = 8080, protocol = "TCP" } }, fe.spec.ports)
    assert.equal("frontend", fe.spec.selector["app.kubernetes.io/component"])
    assert.equal(8000, h.container(h.find(objects, "Deployment", "flagsmith-api")).ports[1].containerPort)
    assert.equal(8080, h.container(h.find(objects, "Deployment", "flagsmith")).ports[1].containerPort)
  end)

  it("runs the app version's images with the global pull policy", function()
    local objects = h.render {}
    local api = h.find(objects, "Deployment", "flagsmith-api")
    local c = h.container(api, "flagsmith-api")
    assert.equal("docker.flagsmith.com/flagsmith/flagsmith-api:2.227.0", c.image)
    assert.equal("IfNotPresent", c.imagePullPolicy)
    assert.same({ "serve" }, c.args)
    assert.equal(1, api.spec.replicas)
    local migrate = h.init_container(api, "migrate-db")
    assert.same({ "migrate" }, migrate.args)
    assert.equal(c.image, migrate.image)
    assert.same(c.env, migrate.env)
    local fe = h.container(h.find(objects, "Deployment", "flagsmith"), "flagsmith-frontend")
    assert.equal("docker.flagsmith.com/flagsmith/flagsmith-frontend:2.227.0", fe.image)
  end)

  for _, release in ipairs(h.RELEASES) do
    for _, namespace in ipairs { "default", "flags" } do
      it(("passes k8s-validate for release %s... in namespace %s"):format(release.name:sub(1, 12), namespace),
        function()
          if not h.validator_available() then
            pending("k8s-validate not found beside the project")
            return
          end
          local objects = h.render { release = { name = release.name, namespace = namespace } }
          local ok, output = h.validate(objects)
          assert.is_true(ok, output)
          for _, o in ipairs(objects) do assert.equal(namespace, o.metadata.namespace) end
        end)
    end
  end
end)
