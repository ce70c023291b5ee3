-- Everything of the API component.
local autoscaling = require "autoscaling"
local deployment = require "api.deployment"
local ingress = require "ingress"
local names = require "names"
local secret = require "api.secret"
local service = require "api.service"
local tables = require "tables"

local M = {}

function M.objects(values, release)
  local fullname = names.fullname(values, release)
  local out = {}
  tables.append(out, deployment.object(values, release), service.object(values, release),
    secret.object(values, release))
  if values.ingress.api.enabled then
    tables.append(out, ingress.object(values, release, {
      component = "api", service = names.service(values, release, "api"), port = values.service.api.port,
    }))
  end
  tables.append(out,
    ingress.other_route(values, release, "gateway", "api"),
    ingress.other_route(values, release, "openshift", "api"),
    autoscaling.hpa(values, release, "api", values.hpa.api, fullname .. "-api"),
    autoscaling.pdb(values, release, "api", values.pdb.api))
  return out
end

return M
