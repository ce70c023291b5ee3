-- The frontend Service.  With the all-in-one image it reaches the API pods,
-- which serve the frontend too.
local service = require "service"

local M = {}

function M.object(values, release)
  local port = values.service.frontend.port
  local separate = values.api.separateApiAndFrontend
  return fsgen.source(service.object(values, release, {
    component = "frontend", key = "frontend",
    ports = { service.http(port, separate and port or values.service.api.port) },
    selector = separate and "frontend" or "api",
  }))
end

return M
