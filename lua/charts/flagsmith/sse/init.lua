-- Everything of the SSE service (sse.enabled): Deployment, Service, the
-- shared token, and the ingress, HTTPRoute, HPA and PDB switched on for it.
-- With SSE off none of them exists (hpa.sse.enabled is on by default).
local autoscaling = require "autoscaling"
local deployment = require "sse.deployment"
local gateway = require "gateway"
local ingress = require "ingress"
local names = require "names"
local service = require "service"
local tables = require "tables"
local token = require "sse.token"

local M = {}

-- With sse.enabled (see init.lua).
function M.objects(values, release)
  local port = values.service.sse.port
  local out = tables.append({},
    deployment.object(values, release),
    fsgen.source(service.object(values, release, { component = "sse", key = "sse", ports = { service.http(port) } })))
  for _, obj in ipairs(token.objects(values, release)) do out[#out + 1] = obj end
  if values.ingress.sse.enabled then
    tables.append(out, ingress.object(values, release, {
      component = "sse", service = names.service(values, release, "sse"), port = port,
    }))
  end
  return tables.append(out,
    gateway.route(values, release, "sse"),
    autoscaling.hpa(values, release, "sse", values.hpa.sse, deployment.name(values, release)),
    autoscaling.pdb(values, release, "sse", values.pdb.sse))
end

return M
