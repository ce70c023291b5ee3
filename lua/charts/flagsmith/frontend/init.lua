-- Everything of the frontend component.  frontend.enabled: false removes it
-- all; api.separateApiAndFrontend: false (the all-in-one image) removes the
-- Deployment and what scales it, and keeps the Service and the routes to it.
local autoscaling = require "autoscaling"
local deployment = require "frontend.deployment"
local ingress = require "ingress"
local names = require "names"
local service = require "frontend.service"
local tables = require "tables"

local M = {}

function M.objects(values, release)
  local out = {}
  if not values.frontend.enabled then return out end
  if values.api.separateApiAndFrontend then
    tables.append(out, deployment.object(values, release),
      autoscaling.hpa(values, release, "frontend", values.hpa.frontend, deployment.name(values, release)),
      autoscaling.pdb(values, release, "frontend", values.pdb.frontend))
  end
  tables.append(out, service.object(values, release))
  if values.ingress.frontend.enabled then
    tables.append(out, ingress.object(values, release, {
      component = "frontend", service = names.service(values, release, "frontend"), port = values.service.frontend.port,
      default_paths = { "/" },
    }))
  end
  return tables.append(out, ingress.other_route(values, release, "gateway", "frontend"),
    ingress.other_route(values, release, "openshift", "frontend"))
end

return M
