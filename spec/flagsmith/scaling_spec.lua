-- HorizontalPodAutoscalers and PodDisruptionBudgets for the API and frontend.
local core = require "fsgen.core"
local h = require "flagsmith.helper"

describe("flagsmith scaling", function()
  it("has no HPA or PDB by default", function()
    local objects = h.render {}
    assert.same({}, h.all(objects, "HorizontalPodAutoscaler"))
    assert.same({}, h.all(objects, "PodDisruptionBudget"))
  end)

  for _, release in ipairs(h.RELEASES) do
    it("scales the API and frontend Deployments by CPU, without replicas, for " .. release.name:sub(1, 12), function()
      local objects = h.render { release = release, values = { hpa = {
        api = { enabled = true, minReplicas = 3, maxReplicas = 9, targetCPUUtilization = 70 },
        frontend = { enabled = true },
      } } }
      local hpas = h.all(objects, "HorizontalPodAutoscaler")
      assert.equal(2, #hpas)
      for _, hpa in ipairs(hpas) do
        assert.equal("autoscaling/v2", hpa.apiVersion)
        local target = h.find(objects, "Deployment", hpa.spec.scaleTargetRef.name)
        assert.is_not_nil(target, "the HPA targets a rendered Deployment")
        assert.equal("apps/v1", hpa.spec.scaleTargetRef.apiVersion)
        assert.is_nil(target.spec.replicas, "the HPA owns the replica count")
        local component = target.spec.selector.matchLabels["app.kubernetes.io/component"]
        if component == "api" then
          assert.equal(3, hpa.spec.minReplicas)
          assert.equal(9, hpa.spec.maxReplicas)
          assert.same({ {
            type = "Resource",
            resource = { name = "cpu", target = { type = "Utilization", averageUtilization = 70 } },
          } }, hpa.spec.metrics)
        else
          assert.equal("frontend", component)
          assert.equal(2, hpa.spec.minReplicas)
        end
      end
    end)
  end

  it("names the HPAs and PDBs like the chart", function()
    local objects = h.render { release = { name = "prod" }, values = {
      hpa = { api = { enabled = true }, frontend = { enabled = true } },
      pdb = { api = { enabled = true }, frontend = { enabled = true } },
    } }
    assert.is_not_nil(h.find(objects, "HorizontalPodAutoscaler", "prod-flagsmith-api-hpa"))
    assert.is_not_nil(h.find(objects, "HorizontalPodAutoscaler", "prod-flagsmith-frontend-hpa"))
    assert.equal("prod-flagsmith", h.find(objects, "HorizontalPodAutoscaler", "prod-flagsmith-frontend-hpa")
      .spec.scaleTargetRef.name)
    assert.is_not_nil(h.find(objects, "PodDisruptionBudget", "prod-flagsmith-api-pdb"))
    assert.is_not_nil(h.find(objects, "PodDisruptionBudget", "prod-flagsmith-frontend-pdb"))
  end)

  it("budgets disruptions with the component's selector; maxUnavailable wins", function()
    local objects = h.render { values = { pdb = {
      api = { enabled = true },
      frontend = { enabled = true, maxUnavailable = "25%", unhealthyPodEvictionPolicy = "AlwaysAllow" },
    } } }
    local api = h.find(objects, "PodDisruptionBudget", "flagsmith-api-pdb")
    assert.equal("policy/v1", api.apiVersion)
    assert.equal(1, api.spec.minAvailable)
    assert.same(h.find(objects, "Deployment", "flagsmith-api").spec.selector.matchLabels, api.spec.selector.matchLabels)
    local fe = h.find(objects, "PodDisruptionBudget", "flagsmith-frontend-pdb")
    assert.equal("25%", fe.spec.maxUnavailable)
    assert.is_nil(fe.spec.minAvailable)
    assert.equal("AlwaysAllow", fe.spec.unhealthyPodEvictionPolicy)
    assert.same(h.find(objects, "Deployment", "flagsmith").spec.selector.matchLabels, fe.spec.selector.matchLabels)
    objects = h.render { values = { pdb = { api = { enabled = true, minAvailable = core.null } } } }
    local bare = h.find(objects, "PodDisruptionBudget", "flagsmith-api-pdb")
    assert.is_nil(bare.spec.minAvailable)
    assert.is_nil(bare.spec.maxUnavailable)
  end)

  it("has no frontend HPA or PDB without a frontend Deployment", function()
    local objects = h.render { values = {
      api = { separateApiAndFrontend = false },
      hpa = { frontend = { enabled = true } }, pdb = { frontend = { enabled = true } },
    } }
    assert.same({}, h.all(objects, "HorizontalPodAutoscaler"))
    assert.same({}, h.all(objects, "PodDisruptionBudget"))
  end)

  -- Every Deployment of the chart: its HPA and PDB key, and what switches it on.
  local COMPONENTS = {
    { key = "api", component = "api" },
    { key = "frontend", component = "frontend" },
    { key = "taskProcessor", component = "task-processor", on = { taskProcessor = { enabled = true } } },
    { key = "sse", component = "sse", on = { sse = { enabled = true } } },
    { key = "pgbouncer", component = "pgbouncer", on = { pgbouncer = { enabled = true } } },
  }

  for _, c in ipairs(COMPONENTS) do
    for _, release in ipairs(h.RELEASES) do
      it(("scales and budgets %s for %s"):format(c.key, release.name:sub(1, 12)), function()
        local values = { hpa = { [c.key] = { enabled = true, minReplicas = 3, maxReplicas = 7 } },
          pdb = { [c.key] = { enabled = true, maxUnavailable = "50%", unhealthyPodEvictionPolicy = "IfHealthyBudget" } } }
        for k, v in pairs(c.on or {}) do values[k] = v end
        local objects = h.render { release = release, values = values }
        local deployment
        for _, d in ipairs(h.all(objects, "Deployment")) do
          if d.spec.selector.matchLabels["app.kubernetes.io/component"] == c.component then deployment = d end
        end
        local hpas, pdbs = {}, {}
        for _, o in ipairs(h.all(objects, "HorizontalPodAutoscaler")) do
          if o.metadata.labels["app.kubernetes.io/component"] == c.component then hpas[#hpas + 1] = o end
        end
        for _, o in ipairs(h.all(objects, "PodDisruptionBudget")) do
          if o.metadata.labels["app.kubernetes.io/component"] == c.component then pdbs[#pdbs + 1] = o end
        end
        assert.equal(1, #hpas)
        assert.equal(1, #pdbs)
        assert.equal(deployment.metadata.name, hpas[1].spec.scaleTargetRef.name)
        assert.equal(3, hpas[1].spec.minReplicas)
        assert.equal(7, hpas[1].spec.maxReplicas)
        assert.is_nil(deployment.spec.replicas, "the HPA owns the replica count")
        assert.same(deployment.spec.selector.matchLabels, pdbs[1].spec.selector.matchLabels)
        assert.equal("50%", pdbs[1].spec.maxUnavailable)
        assert.is_nil(pdbs[1].spec.minAvailable)
        assert.equal("IfHealthyBudget", pdbs[1].spec.unhealthyPodEvictionPolicy)
        assert.equal(release.namespace, pdbs[1].metadata.namespace)
        assert.equal(release.namespace, hpas[1].metadata.namespace)
      end)
    end
  end

  it("names the new components' HPAs and PDBs like the chart's", function()
    local objects = h.render { release = { name = "prod" }, values = {
      taskProcessor = { enabled = true }, sse = { enabled = true }, pgbouncer = { enabled = true },
      hpa = { taskProcessor = { enabled = true }, pgbouncer = { enabled = true } },
      pdb = { taskProcessor = { enabled = true }, sse = { enabled = true }, pgbouncer = { enabled = true } },
    } }
    for _, name in ipairs { "prod-flagsmith-task-processor-hpa", "prod-flagsmith-sse-hpa", "prod-flagsmith-pgbouncer-hpa" } do
      assert.is_not_nil(h.find(objects, "HorizontalPodAutoscaler", name), name)
    end
    for _, name in ipairs { "prod-flagsmith-task-processor-pdb", "prod-flagsmith-sse-pdb", "prod-flagsmith-pgbouncer-pdb" } do
      assert.equal(1, h.find(objects, "PodDisruptionBudget", name).spec.minAvailable, name)
    end
  end)
end)
