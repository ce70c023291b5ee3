-- OpenShift Routes (route.openshift.io/v1) for the API and the frontend,
-- named after the fullname like every other object.
--
-- `openshift: true` (the chart's openshift-values.yaml) routes both;
-- { route = { api = { enabled, host, tls }, frontend = { ... } } } switches
-- each one; false or unset routes none.  The value takes either shape, so
-- its shape is checked here.
local labels = require "labels"
local names = require "names"
local tables = require "tables"

local M = {}

local ROUTE_KEYS = { enabled = true, host = true, tls = true }
local COMPONENTS = { api = true, frontend = true }

local function describe(v)
  if type(v) == "table" then return (v[1] ~= nil) and "a list" or "a map" end
  return "a " .. type(v)
end

local function is_map(v)
  return type(v) == "table" and v[1] == nil
end

local function only_keys(t, allowed, where, expected)
  for k in pairs(t) do
    if not allowed[k] then
      error(("%s.%s: unknown key (expected %s)"):format(where, tostring(k), expected), 0)
    end
  end
end

-- The values of one component's route, or nil when it is off.
local function settings(values, component)
  local o = values.openshift
  if o == nil or o == false then return nil end
  if o == true then return {} end
  if not is_map(o) then
    error(("openshift: expected true, false or { route = { api = {...}, frontend = {...} } }, got %s")
      :format(describe(o)), 0)
  end
  only_keys(o, { route = true }, "openshift", "route")
  local routes = o.route
  if routes == nil then return nil end
  if not is_map(routes) then
    error(("openshift.route: expected { api = {...}, frontend = {...} }, got %s"):format(describe(routes)), 0)
  end
  only_keys(routes, COMPONENTS, "openshift.route", "api or frontend")
  for name, r in pairs(routes) do
    local where = "openshift.route." .. name
    if not is_map(r) then error(("%s: expected { enabled, host, tls }, got %s"):format(where, describe(r)), 0) end
    only_keys(r, ROUTE_KEYS, where, "enabled, host or tls")
    if r.enabled ~= nil and type(r.enabled) ~= "boolean" then
      error(("%s.enabled: expected true or false, got %s"):format(where, describe(r.enabled)), 0)
    end
    if r.host ~= nil and type(r.host) ~= "string" then
      error(("%s.host: expected a host name, got %s"):format(where, describe(r.host)), 0)
    end
    if r.tls ~= nil and not is_map(r.tls) then
      error(("%s.tls: expected a map (termination, ...), got %s"):format(where, describe(r.tls)), 0)
    end
  end
  local r = routes[component]
  if r == nil or not r.enabled then return nil end
  return r
end

-- The Route of "api" or "frontend" to its Service's http port, or nil.
function M.route(values, release, component)
  local r = settings(values, component)
  if r == nil then return nil end
  local name = names.service(values, release, component)
  local spec = {
    port = { targetPort = "http" },
    to = { kind = "Service", name = name, weight = 100 },
    wildcardPolicy = "None",
    tls = tables.non_empty(tables.copy(r.tls)),
  }
  if r.host ~= nil and r.host ~= "" then spec.host = r.host end
  return fsgen.source {
    apiVersion = "route.openshift.io/v1",
    kind = "Route",
    metadata = labels.metadata(values, release, name, component),
    spec = spec,
  }
end

return M
