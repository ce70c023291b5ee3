-- Gateway API HTTPRoutes (gateway.networking.k8s.io/v1) for the API, the
-- frontend and SSE: the route's parentRefs and hostnames, and the user's
-- rules or default ones that send the component's paths to its Service.
local labels = require "labels"
local names = require "names"
local tables = require "tables"

local M = {}

-- The paths each component serves when no rules are given.
local DEFAULT_PATHS = {
  api = { "/api/", "/health/", "/admin/", "/static/admin/" },
  frontend = { "/" },
  sse = { "/" },
}

local function default_rules(values, release, component)
  local matches = {}
  for i, p in ipairs(DEFAULT_PATHS[component]) do matches[i] = { path = { type = "PathPrefix", value = p } } end
  return {
    {
      matches = matches,
      backendRefs = { { name = names.service(values, release, component), port = values.service[component].port } },
    },
  }
end

-- The HTTPRoute of "api", "frontend" or "sse", or nil when it is off.
function M.route(values, release, component)
  local settings = values.gateway[component]
  if not settings.enabled then return nil end
  local rules = tables.copy(settings.rules)
  if tables.is_empty(rules) then rules = default_rules(values, release, component) end
  return fsgen.source {
    apiVersion = "gateway.networking.k8s.io/v1",
    kind = "HTTPRoute",
    metadata = labels.metadata(values, release, names.fullname(values, release) .. "-" .. component, component,
      values.gateway.annotations, "gateway.annotations"),
    spec = {
      parentRefs = tables.non_empty(tables.copy(settings.parentRefs)),
      hostnames = tables.non_empty(tables.copy(settings.hostnames)),
      rules = rules,
    },
  }
end

return M
