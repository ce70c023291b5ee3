-- Ingresses (networking.k8s.io/v1) for the frontend and the API.
--
-- hosts entries: a host name (the chart's frontend shape: path "/"), or
-- { host = ..., paths = { ... } } (the docs page's and the API's shape);
-- a path is a string (a Prefix path) or { path = ..., pathType = ... }.
local labels = require "labels"
local names = require "names"
local tables = require "tables"

local M = {}

local function describe(v)
  if type(v) == "table" then return (v[1] ~= nil) and "a list" or "a map" end
  return "a " .. type(v)
end

local function path_entry(p, where)
  if type(p) == "string" and p ~= "" then return { path = p, pathType = "Prefix" } end
  if type(p) == "table" and type(p.path) == "string" then
    return { path = p.path, pathType = p.pathType or "Prefix" }
  end
  error(("%s: expected a path like \"/api/\" or { path = ..., pathType = ... }, got %s"):format(where,
    describe(p)), 0)
end

-- { host, paths = { {path, pathType}, ... } } for each hosts entry.
function M.rules_of(hosts, key, default_paths)
  local out = {}
  for i, entry in ipairs(hosts or {}) do
    local where = ("%s[%d]"):format(key, i - 1)
    local host, paths
    if type(entry) == "string" then
      host = entry
      paths = default_paths
      if paths == nil then
        error(("%s: expected { host = ..., paths = [...] }, got a host name alone"):format(where), 0)
      end
    elseif type(entry) == "table" and entry[1] == nil and type(entry.host) == "string" then
      for k in pairs(entry) do
        if k ~= "host" and k ~= "paths" then
          error(("%s.%s: unknown key (a host entry has host and paths)"):format(where, tostring(k)), 0)
        end
      end
      host = entry.host
      paths = entry.paths
      if paths == nil then
        paths = default_paths
        if paths == nil then error(("%s.paths: required (list at least one path)"):format(where), 0) end
      end
      if type(paths) ~= "table" then
        error(("%s.paths: expected a list of paths, got %s"):format(where, describe(paths)), 0)
      end
    else
      error(("%s: expected a host name or { host = ..., paths = [...] }, got %s"):format(where, describe(entry)), 0)
    end
    if tables.is_empty(paths) then
      error(("%s.paths: empty (list at least one path, e.g. \"/\")"):format(where), 0)
    end
    local rule_paths = {}
    for j, p in ipairs(paths) do rule_paths[j] = path_entry(p, ("%s.paths[%d]"):format(where, j - 1)) end
    out[#out + 1] = { host = host, paths = rule_paths }
  end
  if #out == 0 then error(("%s: empty (list at least one host)"):format(key), 0) end
  return out
end

local function tls_of(tls, key)
  if tables.is_empty(tls) then return nil end
  local out = {}
  for i, entry in ipairs(tls) do
    if type(entry) ~= "table" or entry[1] ~= nil then
      error(("%s[%d]: expected { hosts = [...], secretName = ... }"):format(key, i - 1), 0)
    end
    local hosts = {}
    for j, h in ipairs(entry.hosts or {}) do hosts[j] = tables.scalar_text(h) end
    out[i] = { hosts = tables.non_empty(hosts), secretName = entry.secretName }
  end
  return out
end

-- opts: component ("frontend"|"api"), service (backend Service name), port,
-- default_paths (for host-name-only entries; nil: not allowed).
function M.object(values, release, opts)
  local settings = values.ingress[opts.component]
  local key = "ingress." .. opts.component
  local rules = {}
  for _, r in ipairs(M.rules_of(settings.hosts, key .. ".hosts", opts.default_paths)) do
    local paths = {}
    for j, p in ipairs(r.paths) do
      paths[j] = {
        path = p.path,
        pathType = p.pathType,
        backend = { service = { name = opts.service, port = { number = opts.port } } },
      }
    end
    local rule = { http = { paths = paths } }
    if r.host ~= nil and r.host ~= "" then rule.host = r.host end
    rules[#rules + 1] = rule
  end
  local spec = { rules = rules, tls = tls_of(settings.tls, key .. ".tls") }
  if settings.ingressClassName ~= nil and settings.ingressClassName ~= "" then
    spec.ingressClassName = settings.ingressClassName
  end
  return fsgen.source {
    apiVersion = "networking.k8s.io/v1",
    kind = "Ingress",
    metadata = labels.metadata(values, release, names.fullname(values, release) .. "-" .. opts.component,
      opts.component, settings.annotations, key .. ".annotations"),
    spec = spec,
  }
end

-- A component's route of another kind: the Gateway API's HTTPRoute
-- ("gateway") or OpenShift's Route ("openshift"), nil when switched off.
-- Their modules load only when the values turn them on.
function M.other_route(values, release, kind, component)
  if kind == "gateway" then
    if not values.gateway[component].enabled then return nil end
  elseif not values.openshift then
    return nil
  end
  return require(kind).route(values, release, component)
end

return M
