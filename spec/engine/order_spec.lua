local order = require "fsgen.order"

local function obj(kind, name, namespace, tag)
  return { kind = kind, metadata = { name = name, namespace = namespace }, tag = tag }
end

local function ids(objects)
  local out = {}
  for i, o in ipairs(objects) do
    out[i] = ("%s/%s%s"):format(o.kind, o.metadata and o.metadata.name or "?",
      o.metadata and o.metadata.namespace and ("@" .. o.metadata.namespace) or "")
  end
  return out
end

describe("fsgen.order", function()
  describe("kind_rank", function()
    it("follows Helm's InstallOrder", function()
      assert.equal(1, order.kind_rank("PriorityClass"))
      assert.equal(2, order.kind_rank("Namespace"))
      assert.is_true(order.kind_rank("ServiceAccount") < order.kind_rank("Secret"))
      assert.is_true(order.kind_rank("Secret") < order.kind_rank("ConfigMap"))
      assert.is_true(order.kind_rank("CustomResourceDefinition") < order.kind_rank("ClusterRole"))
      assert.is_true(order.kind_rank("Service") < order.kind_rank("Deployment"))
      assert.is_true(order.kind_rank("Deployment") < order.kind_rank("HorizontalPodAutoscaler"))
      assert.is_true(order.kind_rank("Job") < order.kind_rank("CronJob"))
      assert.is_true(order.kind_rank("IngressClass") < order.kind_rank("Ingress"))
      assert.equal(38, order.kind_rank("ValidatingWebhookConfiguration"))
    end)

    it("puts every unknown kind after the known ones", function()
      assert.equal(39, order.kind_rank("ServiceMonitor"))
      assert.equal(39, order.kind_rank("Certificate"))
      assert.equal(39, order.kind_rank(nil))
    end)

    it("is case-sensitive, as Kubernetes kinds are", function()
      assert.equal(39, order.kind_rank("deployment"))
    end)
  end)

  describe("sort", function()
    it("sorts by install order, then namespace, then name", function()
      local objects = {
        obj("Ingress", "web"),
        obj("Deployment", "flagsmith-frontend"),
        obj("Deployment", "flagsmith-api"),
        obj("Service", "flagsmith-api"),
        obj("Secret", "flagsmith"),
        obj("ConfigMap", "b", "zeta"),
        obj("ConfigMap", "a", "zeta"),
        obj("ConfigMap", "z", "alpha"),
        obj("ServiceAccount", "flagsmith"),
        obj("Namespace", "flagsmith"),
        obj("Job", "migrate"),
      }
      assert.same({
        "Namespace/flagsmith", "ServiceAccount/flagsmith", "Secret/flagsmith",
        "ConfigMap/z@alpha", "ConfigMap/a@zeta", "ConfigMap/b@zeta",
        "Service/flagsmith-api", "Deployment/flagsmith-api", "Deployment/flagsmith-frontend",
        "Job/migrate", "Ingress/web",
      }, ids(order.sort(objects)))
    end)

    it("puts objects without a namespace before namespaced ones of the same kind", function()
      assert.same({ "ConfigMap/b", "ConfigMap/a@default" },
        ids(order.sort({ obj("ConfigMap", "a", "default"), obj("ConfigMap", "b") })))
    end)

    it("sorts unknown kinds last, by kind name", function()
      assert.same({ "Deployment/a", "Certificate/z", "ServiceMonitor/a", "ServiceMonitor/b" },
        ids(order.sort({ obj("ServiceMonitor", "b"), obj("ServiceMonitor", "a"), obj("Certificate", "z"),
          obj("Deployment", "a") })))
    end)

    it("compares names bytewise (upper case before lower case)", function()
      assert.same({ "Service/B", "Service/a", "Service/b" },
        ids(order.sort({ obj("Service", "b"), obj("Service", "a"), obj("Service", "B") })))
    end)

    it("keeps the original order of exact ties", function()
      local objects = {}
      for i = 1, 50 do objects[i] = obj("Service", "same", nil, i) end
      order.sort(objects)
      for i = 1, 50 do assert.equal(i, objects[i].tag) end
    end)

    it("sorts in place, returns the list and tolerates missing metadata", function()
      local objects = { { kind = "Service" }, obj("Namespace", "n") }
      assert.equal(objects, order.sort(objects))
      assert.equal("Namespace", objects[1].kind)
      assert.equal("Service", objects[2].kind)
    end)
  end)
end)
