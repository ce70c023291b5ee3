-- The API's probes: an exec command when given, else an HTTP GET of `path`;
-- neither leaves the probe out.
local pod = require "pod"
local tables = require "tables"

local M = {}

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
