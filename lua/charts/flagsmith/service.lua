-- The Service in front of a component's pods, named and labelled like the
-- chart's (<fullname>-<component>), with the type and annotations of
-- service.<key>.
local labels = require "labels"
local names = require "names"

local M = {}

-- opts: component (the name's suffix and the label), key (under service.),
-- ports, selector (the component whose pods it reaches; itself by default).
function M.object(values, release, opts)
  local settings = values.service[opts.key]
  return {
    apiVersion = "v1",
    kind = "Service",
    metadata = labels.metadata(values, release, names.service(values, release, opts.component), opts.component,
      settings.annotations, "service." .. opts.key .. ".annotations"),
    spec = {
      type = settings.type,
      ports = opts.ports,
      selector = labels.selector(values, release, opts.selector or opts.component),
    },
  }
end

function M.http(port, target_port)
  return { name = "http", port = port, targetPort = target_port or port, protocol = "TCP" }
end

-- The Prometheus metrics port of the API and the task processor.
function M.prom(values)
  return { name = "prom", port = values.prometheus.port, targetPort = 9100, protocol = "TCP" }
end

return M
