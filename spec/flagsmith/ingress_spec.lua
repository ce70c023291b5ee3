-- Ingresses for the frontend and the API, both shapes of frontend hosts.
local h = require "flagsmith.helper"

local function render_error(opts)
  local ok, err = pcall(h.render, opts)
  assert.is_false(ok, "expected an error")
  return tostring(err)
end

local function paths_of(rule)
  local out = {}
  for _, p in ipairs(rule.http.paths) do out[#out + 1] = p.path end
  return out
end

describe("flagsmith ingresses", function()
  it("are off by default", function()
    assert.same({}, h.all(h.render {}, "Ingress"))
  end)

  it("route a list of frontend host names to the frontend Service on /", function()
    local objects = h.render { release = { name = "prod" }, values = { ingress = { frontend = {
      enabled = true, hosts = { "a.example.com", "b.example.com" }, ingressClassName = "nginx",
      annotations = { ["cert-manager.io/cluster-issuer"] = "le" },
      tls = { { hosts = { "a.example.com" }, secretName = "a-tls" } },
    } } } }
    local ing = h.find(objects, "Ingress", "prod-flagsmith-frontend")
    assert.equal("networking.k8s.io/v1", ing.apiVersion)
    assert.equal("nginx", ing.spec.ingressClassName)
    assert.equal("le", ing.metadata.annotations["cert-manager.io/cluster-issuer"])
    assert.same({ { hosts = { "a.example.com" }, secretName = "a-tls" } }, ing.spec.tls)
    assert.equal(2, #ing.spec.rules)
    assert.equal("b.example.com", ing.spec.rules[2].host)
    assert.same({
      path = "/", pathType = "Prefix",
      backend = { service = { name = "prod-flagsmith-frontend", port = { number = 8080 } } },
    }, ing.spec.rules[1].http.paths[1])
    assert.equal("frontend", ing.metadata.labels["app.kubernetes.io/component"])
  end)

  it("takes the docs page's { host, paths } frontend hosts", function()
    local objects = h.render { values = { ingress = { frontend = {
      enabled = true, hosts = { { host = "flagsmith.local", paths = { "/", "/extra/" } } },
    } } } }
    local ing = h.find(objects, "Ingress", "flagsmith-frontend")
    assert.equal("flagsmith.local", ing.spec.rules[1].host)
    assert.same({ "/", "/extra/" }, paths_of(ing.spec.rules[1]))
  end)

  it("names a frontend host entry of another shape", function()
    local err = render_error { values = { ingress = { frontend = { enabled = true, hosts = { "ok.example", 42 } } } } }
    assert.matches("ingress.frontend.hosts[1]: expected a host name or { host = ..., paths = [...] }, got a number",
      err, 1, true)
    err = render_error { values = { ingress = { frontend = { enabled = true, hosts = { { host = "x", paths = {} } } } } } }
    assert.matches("ingress.frontend.hosts[0].paths: empty", err, 1, true)
    err = render_error { values = { ingress = { frontend = { enabled = true, hosts = { { name = "x" } } } } } }
    assert.matches("ingress.frontend.hosts[0]: expected a host name or { host = ..., paths = [...] }, got a map",
      err, 1, true)
    err = render_error { values = { ingress = { frontend = { enabled = true, hosts = { { host = "x", path = "/" } } } } } }
    assert.matches("ingress.frontend.hosts[0].path: unknown key", err, 1, true)
  end)

  it("route the API paths to the API Service", function()
    local objects = h.render { values = { ingress = { api = { enabled = true } } } }
    local ing = h.find(objects, "Ingress", "flagsmith-api")
    assert.equal("flagsmith.local", ing.spec.rules[1].host)
    assert.same({ "/api/", "/health/", "/admin/", "/static/admin/" }, paths_of(ing.spec.rules[1]))
    for _, p in ipairs(ing.spec.rules[1].http.paths) do
      assert.same({ service = { name = "flagsmith-api", port = { number = 8000 } } }, p.backend)
      assert.equal("Prefix", p.pathType)
    end
  end)

  it("reject an API host without paths", function()
    local err = render_error { values = { ingress = { api = { enabled = true, hosts = { { host = "x", paths = {} } } } } } }
    assert.matches("ingress.api.hosts[0].paths: empty", err, 1, true)
    err = render_error { values = { ingress = { api = { enabled = true, hosts = { "x" } } } } }
    assert.matches("ingress.api.hosts[0]: expected { host = ..., paths = [...] }", err, 1, true)
  end)

  it("keeps the frontend ingress and Service for the all-in-one image, pointing at the API pods", function()
    local objects = h.render { values = {
      api = { separateApiAndFrontend = false },
      ingress = { frontend = { enabled = true } },
    } }
    assert.is_nil(h.find(objects, "Deployment", "flagsmith"))
    local svc = h.find(objects, "Service", "flagsmith-frontend")
    assert.equal("api", svc.spec.selector["app.kubernetes.io/component"])
    assert.equal(8000, svc.spec.ports[1].targetPort)
    assert.equal(8080, svc.spec.ports[1].port)
    assert.is_not_nil(h.find(objects, "Ingress", "flagsmith-frontend"))
  end)

  it("removes the frontend entirely with frontend.enabled: false", function()
    local objects = h.render { values = { frontend = { enabled = false }, ingress = { frontend = { enabled = true } } } }
    assert.is_nil(h.find(objects, "Deployment", "flagsmith"))
    assert.is_nil(h.find(objects, "Service", "flagsmith-frontend"))
    assert.is_nil(h.find(objects, "Ingress", "flagsmith-frontend"))
  end)
end)
