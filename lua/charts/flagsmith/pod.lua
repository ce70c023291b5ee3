-- The parts of a pod spec every component builds the same way: image and
-- pull settings with the chart's fallbacks, security context, scheduling,
-- probes, extra containers and volumes.
local labels = require "labels"
local tables = require "tables"

local M = {}

M.APP_VERSION = labels.APP_VERSION

-- repository:tag; an empty tag takes default_tag.  `prefix` ("api.image")
-- names the values in errors.
function M.image(repository, tag, default_tag, prefix)
  if repository == nil or repository == "" then error(("%s.repository: required"):format(prefix), 0) end
  if tag == nil or tag == "" then tag = default_tag end
  local text = tables.scalar_text(tag)
  if text == nil or text == "" then error(("%s.tag: required"):format(prefix), 0) end
  return repository .. ":" .. text
end

local function set(v) return v ~= nil and v ~= "" end

-- A component's image values over those of another it falls back to (the
-- task processor's over the API's): each unset or empty key takes the
-- other's.
function M.image_values(own, fallback)
  local out = {}
  for _, key in ipairs { "repository", "tag", "imagePullPolicy" } do
    if set(own[key]) then out[key] = own[key] else out[key] = fallback[key] end
  end
  out.imagePullSecrets = own.imagePullSecrets
  if tables.is_empty(out.imagePullSecrets) then out.imagePullSecrets = fallback.imagePullSecrets end
  return out
end

-- The component's pull policy, else the global one.
function M.pull_policy(values, own)
  if own ~= nil and own ~= "" then return own end
  return values.global.image.imagePullPolicy
end

-- The component's pull secrets, else the global ones; a bare name is
-- accepted for { name = ... }.
function M.pull_secrets(values, own, where)
  local list = own
  if tables.is_empty(list) then list = values.global.image.imagePullSecrets end
  if tables.is_empty(list) then return nil end
  local out = {}
  for i, entry in ipairs(list) do
    if type(entry) == "string" then
      out[i] = { name = entry }
    elseif type(entry) == "table" and type(entry.name) == "string" then
      out[i] = tables.copy(entry)
    else
      error(("%s[%d]: expected a secret name or { name = ... }"):format(where, i - 1), 0)
    end
  end
  return out
end

-- The chart's defaults (without `enabled`) under the user's own context: the
-- user's values win.  nil when empty.
function M.security_context(own, defaults)
  local base = {}
  if defaults and defaults.enabled then base = tables.without(defaults, "enabled") end
  return tables.non_empty(tables.deep_merge(base, own or {}))
end

-- A probe: the handler, then the thresholds that are set.
function M.probe(handler, settings)
  if handler == nil then return nil end
  local p = handler
  for _, key in ipairs { "failureThreshold", "initialDelaySeconds", "periodSeconds", "successThreshold",
                         "timeoutSeconds" } do
    p[key] = settings[key]
  end
  return p
end

-- A claim's storageClassName from the chart's value: unset (nil or "")
-- leaves the cluster's default, "-" asks for none ("").
function M.storage_class(class)
  if class == nil or class == "" then return nil end
  if class == "-" then return "" end
  return class
end

-- The spec of the claim a persistence block with one accessMode asks for
-- (graphite's and InfluxDB's: accessMode, size, storageClass).
function M.claim_spec(persistence)
  return {
    accessModes = { persistence.accessMode },
    resources = { requests = { storage = tables.scalar_text(persistence.size) } },
    storageClassName = M.storage_class(persistence.storageClass),
  }
end

-- The volume `name` of a pod's data: on the claim named `claim`, or an
-- emptyDir when there is none (persistence off).
function M.data_volume(name, claim)
  if claim then return { name = name, persistentVolumeClaim = { claimName = claim } } end
  return { name = name, emptyDir = {} }
end

function M.http_get(path, port)
  return { httpGet = { path = path, port = port, scheme = "HTTP" } }
end

-- Items given as a list, or as YAML text of a list (the chart accepts both
-- for extra containers).
local function list_value(v, where)
  if v == nil then return {} end
  if type(v) == "string" then
    if v:find("{{", 1, true) then
      error(("%s: Helm templates in the text are not evaluated (write the items as a list)"):format(where), 0)
    end
    local parsed = fsgen.load_yaml(v, where)
    if parsed == nil or fsgen.is_null(parsed) then return {} end
    if type(parsed) ~= "table" or (parsed[1] == nil and next(parsed) ~= nil) then
      error(("%s: expected a list"):format(where), 0)
    end
    return parsed
  end
  if type(v) ~= "table" or (v[1] == nil and not tables.is_empty(v)) then
    error(("%s: expected a list (or YAML text of one), got a %s"):format(where,
      type(v) == "table" and "map" or type(v)), 0)
  end
  return tables.copy(v)
end

-- A component's pod spec from its values (`prefix` names them in errors):
-- scheduling, identity and security, its containers and init containers
-- followed by the user's extra ones, and the extra volumes.  `image`
-- (c.image by default) gives the pull secrets.
function M.spec(values, c, prefix, containers, init_containers, image)
  image = image or c.image
  local spec = {}
  if c.shareProcessNamespace then spec.shareProcessNamespace = true end
  spec.affinity = tables.non_empty(tables.copy(c.affinity))
  spec.nodeSelector = tables.non_empty(tables.stringify_map(c.nodeSelector, prefix .. ".nodeSelector"))
  spec.tolerations = tables.non_empty(tables.copy(c.tolerations))
  if c.schedulerName ~= nil and c.schedulerName ~= "" then spec.schedulerName = c.schedulerName end
  spec.imagePullSecrets = M.pull_secrets(values, image and image.imagePullSecrets,
    prefix .. ".image.imagePullSecrets")
  spec.securityContext = M.security_context(c.podSecurityContext, c.defaultPodSecurityContext)
  spec.terminationGracePeriodSeconds = c.terminationGracePeriodSeconds
  if c.serviceAccountName ~= nil and c.serviceAccountName ~= "" then
    spec.serviceAccountName = c.serviceAccountName
  end
  spec.initContainers = tables.non_empty(tables.concat(init_containers,
    list_value(c.extraInitContainers, prefix .. ".extraInitContainers")))
  spec.containers = tables.concat(containers, list_value(c.extraContainers, prefix .. ".extraContainers"))
  spec.volumes = tables.non_empty(list_value(c.extraVolumes, prefix .. ".extraVolumes"))
  return spec
end

-- A Deployment of the chart.  opts: name, component, values c, prefix,
-- replicas (nil leaves the field out), pod_annotations, pod_spec,
-- extra_spec.
function M.deployment(values, release, opts)
  local c = opts.c
  local spec = {
    selector = { matchLabels = labels.selector(values, release, opts.component) },
    strategy = tables.non_empty(tables.copy(c.deploymentStrategy)),
    replicas = opts.replicas,
    template = {
      metadata = {
        annotations = tables.non_empty(opts.pod_annotations),
        labels = labels.pod(values, release, opts.component, c.podLabels, opts.prefix .. ".podLabels"),
      },
      spec = opts.pod_spec,
    },
  }
  if not tables.is_empty(opts.extra_spec) then spec = tables.deep_merge(spec, opts.extra_spec) end
  return {
    apiVersion = "apps/v1",
    kind = "Deployment",
    metadata = labels.metadata(values, release, opts.name, opts.component),
    spec = spec,
  }
end

-- The pod annotations: checksums first, the user's over them.
function M.pod_annotations(checksums, own, where)
  return tables.merge_flat(checksums, tables.stringify_map(own, where))
end

-- A replica count value: nil (unset or the HPA owns it) leaves it out.
function M.replicas(count, hpa_enabled, where)
  if hpa_enabled or count == nil then return nil end
  local n = math.tointeger(count)
  if n == nil then error(("%s: expected a whole number, got %s"):format(where, tostring(count)), 0) end
  return n
end

return M
