-- Probes of the chart's HTTP components: an exec command when given, else
-- an HTTP GET of `path` on the container's port; neither leaves the probe
-- out (the API server rejects a probe without a handler).
local pod = require "pod"
local tables = require "tables"

local M = {}

-- settings: a probe's values (exec, path and the thresholds).
function M.of(settings, port)
  local handler
  if not tables.is_empty(settings.exec) then
    handler = { exec = tables.copy(settings.exec) }
  elseif settings.path ~= nil and settings.path ~= "" then
    handler = pod.http_get(settings.path, port)
  end
  return pod.probe(handler, settings)
end

return M
