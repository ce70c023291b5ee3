-- Routes into the cluster besides Ingresses: Gateway API HTTPRoutes for the
-- API, frontend and SSE, OpenShift Routes for the API and frontend, and
-- the SSE Ingress.
local h = require "flagsmith.helper"

local API_PATHS = { "/api/", "/health/", "/admin/", "/static/admin/" }

local function prefixes(rule)
  local out = {}
  for i, m in ipairs(rule.matches) do
    assert.equal("PathPrefix", m.path.type)
    out[i] = m.path.value
  end
  return out
end

describe("flagsmith routes", function()
  describe("Gateway API HTTPRoutes", function()
    it("are off by default", function()
      assert.same({}, h.all(h.render {}, "HTTPRoute"))
    end)

    for _, release in ipairs(h.RELEASES) do
      it("send each component's default paths to its Service for " .. release.name:sub(1, 12), function()
        local parent = { { name = "shared", namespace = "gateways", sectionName = "https" } }
        local objects = h.render { release = release, values = {
          sse = { enabled = true },
          gateway = {
            api = { enabled = true, parentRefs = parent, hostnames = { "flags.example.com" } },
            frontend = { enabled = true, parentRefs = parent, hostnames = { "flags.example.com" } },
            sse = { enabled = true, parentRefs = parent, hostnames = { "sse.example.com" } },
          },
        } }
        local routes = h.all(objects, "HTTPRoute")
        assert.equal(3, #routes)
        for _, route in ipairs(routes) do
          assert.equal("gateway.networking.k8s.io/v1", route.apiVersion)
          assert.equal(release.namespace, route.metadata.namespace)
          assert.same(parent, route.spec.parentRefs)
          local component = route.metadata.labels["app.kubernetes.io/component"]
          local backend = route.spec.rules[1].backendRefs[1]
          local svc = h.find(objects, "Service", backend.name)
          assert.is_not_nil(svc, "the backend is a rendered Service")
          assert.equal(component, svc.spec.selector["app.kubernetes.io/component"])
          assert.equal(svc.spec.ports[1].port, backend.port)
          if component == "api" then
            assert.same(API_PATHS, prefixes(route.spec.rules[1]))
            assert.same({ "flags.example.com" }, route.spec.hostnames)
          else
            assert.same({ "/" }, prefixes(route.spec.rules[1]))
          end
        end
      end)
    end

    it("are named like the chart's and carry the gateway and common annotations", function()
      local objects = h.render { release = { name = "prod" }, values = {
        common = { annotations = { team = "flags" } },
        gateway = { annotations = { ["example.com/policy"] = "strict" }, api = { enabled = true } },
      } }
      local route = h.find(objects, "HTTPRoute", "prod-flagsmith-api")
      assert.same({ team = "flags", ["example.com/policy"] = "strict" }, route.metadata.annotations)
      assert.equal("prod-flagsmith-api", route.spec.rules[1].backendRefs[1].name)
      assert.is_nil(route.spec.parentRefs)
      assert.is_nil(route.spec.hostnames)
    end)

    it("take custom rules as given", function()
      local rules = { {
        matches = { { path = { type = "Exact", value = "/api/v1/flags/" } } },
        backendRefs = { { name = "edge-proxy", port = 8000 } },
      } }
      local route = h.find(h.render { values = { gateway = { api = { enabled = true, rules = rules } } } },
        "HTTPRoute", "flagsmith-api")
      assert.same(rules, route.spec.rules)
    end)

    it("exist only for components that are on", function()
      local objects = h.render { values = { frontend = { enabled = false },
        gateway = { frontend = { enabled = true }, sse = { enabled = true } } } }
      assert.same({}, h.all(objects, "HTTPRoute"))
      objects = h.render { values = { api = { separateApiAndFrontend = false },
        gateway = { frontend = { enabled = true } } } }
      local route = h.find(objects, "HTTPRoute", "flagsmith-frontend")
      assert.equal("api", h.find(objects, "Service", route.spec.rules[1].backendRefs[1].name)
        .spec.selector["app.kubernetes.io/component"], "the all-in-one image serves the frontend")
    end)
  end)

  describe("OpenShift Routes", function()
    it("are off by default and with openshift: false", function()
      assert.same({}, h.all(h.render {}, "Route"))
      assert.same({}, h.all(h.render { values = { openshift = false } }, "Route"))
    end)

    for _, release in ipairs(h.RELEASES) do
      it("route the API and frontend with openshift: true for " .. release.name:sub(1, 12), function()
        local objects = h.render { release = release, values = { openshift = true } }
        local routes = h.all(objects, "Route")
        assert.equal(2, #routes)
        for _, route in ipairs(routes) do
          assert.equal("route.openshift.io/v1", route.apiVersion)
          local svc = h.find(objects, "Service", route.spec.to.name)
          assert.is_not_nil(svc, "the Route reaches a rendered Service")
          assert.equal(route.metadata.name, svc.metadata.name, "named after the fullname, like the Service")
          assert.same({ targetPort = "http" }, route.spec.port)
          assert.equal("http", svc.spec.ports[1].name)
          assert.equal("Service", route.spec.to.kind)
          assert.equal(100, route.spec.to.weight)
          assert.equal("None", route.spec.wildcardPolicy)
          assert.is_nil(route.spec.host, "OpenShift picks the host")
        end
      end)
    end

    it("are switched one by one, with a host and TLS", function()
      local objects = h.render { release = { name = "prod" }, values = { openshift = { route = {
        api = { enabled = true, host = "flags-api.apps.example.com", tls = { termination = "edge" } },
        frontend = { enabled = false },
      } } } }
      local routes = h.all(objects, "Route")
      assert.equal(1, #routes)
      assert.equal("prod-flagsmith-api", routes[1].metadata.name)
      assert.equal("flags-api.apps.example.com", routes[1].spec.host)
      assert.same({ termination = "edge" }, routes[1].spec.tls)
      assert.equal("api", routes[1].metadata.labels["app.kubernetes.io/component"])
    end)

    it("name a malformed openshift value", function()
      assert.matches("openshift: expected true, false or", h.render_error { values = { openshift = "yes" } }, 1, true)
      assert.matches("openshift.routes: unknown key (expected route)",
        h.render_error { values = { openshift = { routes = {} } } }, 1, true)
      assert.matches("openshift.route.sse: unknown key (expected api or frontend)",
        h.render_error { values = { openshift = { route = { sse = { enabled = true } } } } }, 1, true)
      assert.matches("openshift.route.api.hostname: unknown key",
        h.render_error { values = { openshift = { route = { api = { enabled = true, hostname = "x" } } } } }, 1, true)
      assert.matches("openshift.route.api.enabled: expected true or false",
        h.render_error { values = { openshift = { route = { api = { enabled = "yes" } } } } }, 1, true)
    end)
  end)

  describe("the SSE Ingress", function()
    it("sends its hosts' paths to the SSE Service", function()
      local objects = h.render { release = { name = "prod", namespace = "flags" }, values = {
        sse = { enabled = true },
        ingress = { sse = { enabled = true, ingressClassName = "nginx",
          annotations = { ["nginx.ingress.kubernetes.io/proxy-buffering"] = "off" },
          hosts = { { host = "sse.example.com", paths = { "/" } } },
          tls = { { secretName = "sse-tls", hosts = { "sse.example.com" } } } } },
      } }
      local ing = h.find(objects, "Ingress", "prod-flagsmith-sse")
      assert.equal("nginx", ing.spec.ingressClassName)
      assert.equal("off", ing.metadata.annotations["nginx.ingress.kubernetes.io/proxy-buffering"])
      assert.equal("sse.example.com", ing.spec.rules[1].host)
      assert.same({ name = "prod-flagsmith-sse", port = { number = 8000 } },
        ing.spec.rules[1].http.paths[1].backend.service)
      assert.is_not_nil(h.find(objects, "Service", "prod-flagsmith-sse"))
      assert.same({ { secretName = "sse-tls", hosts = { "sse.example.com" } } }, ing.spec.tls)
    end)

    it("needs paths (values.yaml lists none)", function()
      local err = h.render_error { values = { sse = { enabled = true }, ingress = { sse = { enabled = true } } } }
      assert.matches("ingress.sse.hosts[0].paths: empty", err, 1, true)
    end)
  end)

  it("all pass k8s-validate", function()
    if not h.validator_available() then return pending("k8s-validate not found beside the project") end
    local objects = h.render { values = {
      sse = { enabled = true },
      gateway = { api = { enabled = true, parentRefs = { { name = "gw" } } }, frontend = { enabled = true },
        sse = { enabled = true } },
    } }
    local ok, output = h.validate(objects)
    assert.is_true(ok, output)
  end)
end)
