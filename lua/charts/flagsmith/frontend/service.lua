-- The frontend Service.  With the all-in-one image it reaches the API pods,
-- which serve the frontend too.
local labels = require "labels"
local names = require "names"

local M = {}

function M.object(values, release)
  local svc = values.service.frontend
  local separate = values.api.separateApiAndFrontend
  return fsgen.source {
    apiVersion = "v1",
    kind = "Service",
    metadata = labels.metadata(values, release, names.service(values, release, "frontend"), "frontend",
      svc.annotations, "service.frontend.annotations"),
    spec = {
      type = svc.type,
      ports = {
        {
          name = "http", port = svc.port, protocol = "TCP",
          targetPort = separate and svc.port or values.service.api.port,
        },
      },
      selector = labels.selector(values, release, separate and "frontend" or "api"),
    },
  }
end

return M
