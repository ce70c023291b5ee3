-- Metrics: Prometheus (the env switch and the `prom` port), the
-- ServiceMonitor, and the statsd/Graphite sink.
local h = require "flagsmith.helper"

local function monitor(values, release)
  return h.all(h.render { values = values, release = release }, "ServiceMonitor")[1]
end

local function api_deployment(objects)
  for _, d in ipairs(h.all(objects, "Deployment")) do
    if d.spec.selector.matchLabels["app.kubernetes.io/component"] == "api" then return d end
  end
end

describe("flagsmith metrics", function()
  describe("the ServiceMonitor", function()
    it("is off by default, and needs prometheus.enabled", function()
      assert.is_nil(monitor {})
      assert.is_nil(monitor { serviceMonitor = { enabled = true }, prometheus = { enabled = false } })
    end)

    for _, release in ipairs(h.RELEASES) do
      it("scrapes the prom port of the API and task processor Services for " .. release.name:sub(1, 12), function()
        local objects = h.render { release = release, values = { serviceMonitor = { enabled = true },
          taskProcessor = { enabled = true } } }
        local sm = h.all(objects, "ServiceMonitor")[1]
        assert.equal("monitoring.coreos.com/v1", sm.apiVersion)
        assert.equal(release.namespace, sm.metadata.namespace)
        assert.same({ matchNames = { release.namespace } }, sm.spec.namespaceSelector)
        assert.same({ {
          port = "prom", path = "/metrics/", honorLabels = true, interval = "15s", scrapeTimeout = "10s",
        } }, sm.spec.endpoints)
        -- Exactly the Services with a prom port are selected.
        local selected = {}
        for _, svc in ipairs(h.all(objects, "Service")) do
          local l = svc.metadata.labels
          local ok = true
          for k, v in pairs(sm.spec.selector.matchLabels) do ok = ok and l[k] == v end
          local expr = sm.spec.selector.matchExpressions[1]
          assert.equal("In", expr.operator)
          local component_ok = false
          for _, c in ipairs(expr.values) do component_ok = component_ok or l[expr.key] == c end
          if ok and component_ok then
            selected[#selected + 1] = l["app.kubernetes.io/component"]
            assert.equal("prom", svc.spec.ports[2].name)
          end
        end
        table.sort(selected)
        assert.same({ "api", "task-processor" }, selected)
      end)
    end

    it("takes every serviceMonitor setting", function()
      local relabel = { { sourceLabels = { "__name__" }, regex = "go_.*", action = "drop" } }
      local sm = monitor { common = { labels = { team = "flags" } }, serviceMonitor = {
        enabled = true,
        annotations = { ["example.com/owner"] = "sre" },
        labels = { release = "kube-prometheus", team = "sre" },
        targetLabels = { "app.kubernetes.io/component" },
        jobLabel = "app.kubernetes.io/name",
        interval = "30s",
        scheme = "https",
        tlsConfig = { insecureSkipVerify = true },
        scrapeTimeout = "5s",
        path = "/prometheus/metrics",
        honorLabels = false,
        metricRelabelings = relabel,
        relabelings = { { targetLabel = "cluster", replacement = "eu-1" } },
      } }
      assert.equal("kube-prometheus", sm.metadata.labels.release)
      assert.equal("sre", sm.metadata.labels.team, "its own labels win over common.labels")
      assert.equal("flagsmith", sm.metadata.labels["app.kubernetes.io/name"])
      assert.equal("sre", sm.metadata.annotations["example.com/owner"])
      assert.same({ "app.kubernetes.io/component" }, sm.spec.targetLabels)
      assert.equal("app.kubernetes.io/name", sm.spec.jobLabel)
      assert.same({
        port = "prom", interval = "30s", scheme = "https", tlsConfig = { insecureSkipVerify = true },
        scrapeTimeout = "5s", path = "/prometheus/metrics", honorLabels = false, metricRelabelings = relabel,
        relabelings = { { targetLabel = "cluster", replacement = "eu-1" } },
      }, sm.spec.endpoints[1])
    end)

    it("accepts values.yaml's `labels: []` and refuses a list of labels", function()
      assert.is_nil(monitor { serviceMonitor = { enabled = true, labels = {} } }.metadata.labels.release)
      local err = h.render_error { values = { serviceMonitor = { enabled = true, labels = { "release=x" } } } }
      assert.matches("serviceMonitor.labels: expected a map of labels, got a list", err, 1, true)
    end)
  end)

  describe("prometheus", function()
    it("switches the API's metrics and sets the prom port", function()
      local objects = h.render { values = { prometheus = { enabled = false, port = 9200 },
        taskProcessor = { enabled = true } } }
      for _, name in ipairs { "flagsmith-api", "flagsmith-task-processor" } do
        local svc = h.find(objects, "Service", name)
        assert.same({ name = "prom", port = 9200, targetPort = 9100, protocol = "TCP" }, svc.spec.ports[2])
        assert.equal("false", h.env(h.container(h.find(objects, "Deployment", name))).PROMETHEUS_ENABLED.value)
      end
    end)
  end)

  describe("graphite", function()
    it("is off by default", function()
      local objects = h.render {}
      assert.same({}, h.all(objects, "PersistentVolumeClaim"))
      for _, o in ipairs(objects) do assert.is_falsy(o.metadata.name:find("graphite")) end
    end)

    for _, release in ipairs(h.RELEASES) do
      it("runs a statsd sink the API's STATSD_HOST points at for " .. release.name:sub(1, 12), function()
        local objects = h.render { release = release, values = { graphite = { enabled = true },
          api = { statsd = { enabled = true } } } }
        local env = h.env(h.container(api_deployment(objects)))
        local svc = h.find(objects, "Service", env.STATSD_HOST.value)
        assert.is_not_nil(svc, "STATSD_HOST names the graphite Service")
        assert.equal("8125", env.STATSD_PORT.value)
        local statsd
        for _, p in ipairs(svc.spec.ports) do if p.name == "statsd" then statsd = p end end
        assert.same({ name = "statsd", port = 8125, protocol = "UDP" }, statsd)
        local sts = h.all(objects, "StatefulSet")
        local graphite
        for _, s in ipairs(sts) do
          if s.metadata.labels["app.kubernetes.io/name"] == "flagsmith-graphite" then graphite = s end
        end
        assert.same(svc.spec.selector, graphite.spec.selector.matchLabels)
        assert.same({ ["app.kubernetes.io/name"] = "flagsmith-graphite",
          ["app.kubernetes.io/instance"] = graphite.spec.selector.matchLabels["app.kubernetes.io/instance"] },
          svc.spec.selector)
        if release.name == "flagsmith" then
          assert.equal("flagsmith-flagsmith-graphite", svc.metadata.name)
          assert.equal("flagsmith-graphite", graphite.spec.serviceName)
        end
        local claim = graphite.spec.template.spec.volumes[1].persistentVolumeClaim.claimName
        assert.is_not_nil(h.find(objects, "PersistentVolumeClaim", claim))
        assert.is_true(#svc.metadata.name <= 63)
      end)
    end

    it("takes the graphite chart's settings", function()
      local objects = h.render { values = { graphite = {
        enabled = true, fullnameOverride = "statsd",
        image = { tag = "1.1.10-5" },
        statsd = { interface = "TCP" },
        timeZone = "Europe/London",
        env = { { name = "GRAPHITE_DEBUG", value = true } },
        persistence = { enabled = false },
        service = { annotations = { a = "b" }, labels = { c = "d" } },
        resources = { requests = { memory = "512Mi" } },
      }, api = { statsd = { enabled = true } } } }
      local svc = h.find(objects, "Service", "statsd")
      assert.equal("b", svc.metadata.annotations.a)
      assert.equal("d", svc.metadata.labels.c)
      local c = h.container(h.find(objects, "StatefulSet", "statsd"))
      assert.equal("graphiteapp/graphite-statsd:1.1.10-5", c.image)
      local env = h.env(c)
      assert.equal("tcp", env.STATSD_INTERFACE.value)
      assert.equal("Europe/London", env.GRAPHITE_TIME_ZONE.value)
      assert.equal("true", env.GRAPHITE_DEBUG.value)
      assert.equal("512Mi", c.resources.requests.memory)
      assert.same({}, h.all(objects, "PersistentVolumeClaim"))
      assert.same({ name = "storage", emptyDir = {} }, h.find(objects, "StatefulSet", "statsd").spec.template.spec
        .volumes[1])
      assert.equal("statsd", h.env(h.container(h.find(objects, "Deployment", "flagsmith-api"))).STATSD_HOST.value)
    end)

    it("leaves STATSD_HOST to the user when autoSetStatsdHostEnvVar is off", function()
      local err = h.render_error { values = { graphite = { enabled = true, autoSetStatsdHostEnvVar = false },
        api = { statsd = { enabled = true } } } }
      assert.matches("api.statsd.host: required", err, 1, true)
    end)

    it("passes k8s-validate", function()
      if not h.validator_available() then return pending("k8s-validate not found beside the project") end
      local ok, output = h.validate(h.render { values = { graphite = { enabled = true },
        serviceMonitor = { enabled = true }, api = { statsd = { enabled = true } } } })
      assert.is_true(ok, output)
    end)
  end)
end)
