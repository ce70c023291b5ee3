-- The API Service: HTTP, and the Prometheus metrics port.
local labels = require "labels"
local names = require "names"

local M = {}

function M.object(values, release)
  local svc = values.service.api
  return fsgen.source {
    apiVersion = "v1",
    kind = "Service",
    metadata = labels.metadata(values, release, names.service(values, release, "api"), "api",
      svc.annotations, "service.api.annotations"),
    spec = {
      type = svc.type,
      ports = {
        { name = "http", port = svc.port, targetPort = svc.port, protocol = "TCP" },
        { name = "prom", port = values.prometheus.port, targetPort = 9100, protocol = "TCP" },
      },
      selector = labels.selector(values, release, "api"),
    },
  }
end

return M
