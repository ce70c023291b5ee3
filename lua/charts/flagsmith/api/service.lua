-- The API Service: HTTP, and the Prometheus metrics port.
local service = require "service"

local M = {}

function M.object(values, release)
  local port = values.service.api.port
  return fsgen.source(service.object(values, release, {
    component = "api", key = "api", ports = { service.http(port), service.prom(values) },
  }))
end

return M
