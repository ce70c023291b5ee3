-- Everything of the task processor (taskProcessor.enabled): Deployment,
-- Service, HPA and PDB.  With it on, the API hands its tasks over
-- (TASK_RUN_METHOD, in api.environment).
local autoscaling = require "autoscaling"
local deployment = require "task_processor.deployment"
local service = require "service"
local tables = require "tables"

local M = {}

local COMPONENT = "task-processor"

-- With taskProcessor.enabled (see init.lua).
function M.objects(values, release)
  local port = values.service.taskProcessor.port
  return tables.append({},
    deployment.object(values, release),
    fsgen.source(service.object(values, release, {
      component = COMPONENT, key = "taskProcessor", ports = { service.http(port), service.prom(values) },
    })),
    autoscaling.hpa(values, release, COMPONENT, values.hpa.taskProcessor, deployment.name(values, release)),
    autoscaling.pdb(values, release, COMPONENT, values.pdb.taskProcessor))
end

return M
