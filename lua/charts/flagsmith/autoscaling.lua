-- HorizontalPodAutoscalers (autoscaling/v2) and PodDisruptionBudgets
-- (policy/v1) of a component's Deployment.
local labels = require "labels"
local names = require "names"

local M = {}

-- settings: hpa.<component>; deployment: the Deployment's name; name_part:
-- the name's middle ("<fullname>-<name_part>-hpa"), the component by default.
function M.hpa(values, release, component, settings, deployment, name_part)
  if not settings.enabled then return nil end
  return fsgen.source {
    apiVersion = "autoscaling/v2",
    kind = "HorizontalPodAutoscaler",
    metadata = labels.metadata(values, release,
      names.fullname(values, release) .. "-" .. (name_part or component) .. "-hpa", component),
    spec = {
      scaleTargetRef = { apiVersion = "apps/v1", kind = "Deployment", name = deployment },
      minReplicas = settings.minReplicas,
      maxReplicas = settings.maxReplicas,
      metrics = {
        {
          type = "Resource",
          resource = {
            name = "cpu",
            target = { type = "Utilization", averageUtilization = settings.targetCPUUtilization },
          },
        },
      },
    },
  }
end

-- settings: pdb.<component>.  maxUnavailable wins over minAvailable, as in
-- the chart.
function M.pdb(values, release, component, settings)
  if not settings.enabled then return nil end
  local spec = { selector = { matchLabels = labels.selector(values, release, component) } }
  if settings.maxUnavailable ~= nil then
    spec.maxUnavailable = settings.maxUnavailable
  elseif settings.minAvailable ~= nil then
    spec.minAvailable = settings.minAvailable
  end
  if settings.unhealthyPodEvictionPolicy ~= nil and settings.unhealthyPodEvictionPolicy ~= "" then
    spec.unhealthyPodEvictionPolicy = settings.unhealthyPodEvictionPolicy
  end
  return fsgen.source {
    apiVersion = "policy/v1",
    kind = "PodDisruptionBudget",
    metadata = labels.metadata(values, release, names.fullname(values, release) .. "-" .. component .. "-pdb",
      component),
    spec = spec,
  }
end

return M
