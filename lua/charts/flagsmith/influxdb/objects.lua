-- The objects of the release's InfluxDB (see influxdb/init.lua): the
-- in-cluster server (its Secret, claim, Service and StatefulSet) or the
-- Secret holding an external server's token.  mode: influxdb.mode(values).
local base64 = require "base64"
local checksum = require "checksum"
local influxdb = require "influxdb"
local labels = require "labels"
local names = require "names"
local pod = require "pod"
local resources = require "resources"
local secret_init = require "secret_init"
local tables = require "tables"

local M = {}

local PORT = 8086
local DATA_PATH = "/root/.influxdbv2"

local set, required, auth_secret_name = influxdb.set, influxdb.required, influxdb.auth_secret_name

-- The admin password and token: both given (fsgen writes the Secret) or
-- neither (generated once in the cluster).
local function given_auth(values)
  local admin = values.influxdb.adminUser
  if set(admin.password) ~= set(admin.token) then
    local missing = set(admin.password) and "influxdb.adminUser.token" or "influxdb.adminUser.password"
    error(("%s: required when the other of password and token is set (give both, or neither to have "
      .. "them generated once in the cluster)"):format(missing), 0)
  end
  if set(admin.password) then
    return { ["admin-password"] = tables.scalar_text(admin.password), ["admin-token"] = tables.scalar_text(admin.token) }
  end
  return nil
end

local function selector(values, release)
  return {
    ["app.kubernetes.io/name"] = names.influxdb_name(values),
    ["app.kubernetes.io/instance"] = names.instance(release),
  }
end

local function metadata(values, release, name)
  local m = labels.metadata(values, release, name)
  m.labels = tables.merge_flat(m.labels, selector(values, release))
  return m
end

local function auth_secret(values, release)
  local data = given_auth(values)
  if data == nil then return nil end
  return fsgen.source {
    apiVersion = "v1", kind = "Secret",
    metadata = metadata(values, release, auth_secret_name(values, release)),
    type = "Opaque",
    data = base64.encode_map(data),
  }
end

local function external_secret(values, release)
  local ext = values.influxdbExternal
  if ext.tokenFromExistingSecret.enabled then return nil end
  return fsgen.source {
    apiVersion = "v1", kind = "Secret",
    metadata = labels.metadata(values, release, names.influxdb_external_secret(release)),
    type = "Opaque",
    data = base64.encode_map {
      ["admin-token"] = tables.scalar_text(required(ext.token, "influxdbExternal.token",
        "or set influxdbExternal.tokenFromExistingSecret")),
    },
  }
end

-- Digests of the InfluxDB Secrets fsgen writes, for the API's pods.
function M.checksums(values, release, mode)
  local sums = {}
  if mode == "in-cluster" then
    local s = auth_secret(values, release)
    if s then sums["checksum/secrets-influxdb"] = checksum.of(s) end
  elseif mode == "external" then
    local s = external_secret(values, release)
    if s then sums["checksum/secrets-influxdb-external"] = checksum.of(s) end
  end
  return sums
end

local function claim_name(values, release)
  local p = values.influxdb.persistence
  if set(p.name) then return p.name end
  return names.influxdb_fullname(values, release)
end

local function pvc(values, release)
  local p = values.influxdb.persistence
  if not p.enabled or p.useExisting then return nil end
  return fsgen.source {
    apiVersion = "v1", kind = "PersistentVolumeClaim",
    metadata = metadata(values, release, claim_name(values, release)),
    spec = pod.claim_spec(p),
  }
end

local function service(values, release)
  return fsgen.source {
    apiVersion = "v1", kind = "Service",
    metadata = metadata(values, release, names.influxdb_fullname(values, release)),
    spec = {
      type = "ClusterIP",
      ports = { { name = "http", port = values.service.influxdb.externalPort, targetPort = "http", protocol = "TCP" } },
      selector = selector(values, release),
    },
  }
end

local function statefulset(values, release, own_secret)
  local influx = values.influxdb
  local fullname = names.influxdb_fullname(values, release)
  local secret = auth_secret_name(values, release)
  local function from_secret(key) return { secretKeyRef = { name = secret, key = key } } end
  local data_volume = pod.data_volume("data", influx.persistence.enabled and claim_name(values, release))
  local health = { httpGet = { path = "/health", port = "http" } }
  local container = {
    name = "influxdb",
    image = pod.image(influx.image.repository, influx.image.tag, nil, "influxdb.image"),
    imagePullPolicy = pod.pull_policy(values, influx.image.imagePullPolicy),
    ports = { { name = "http", containerPort = PORT, protocol = "TCP" } },
    -- The first start sets the server up; later starts find it set up.
    env = {
      { name = "DOCKER_INFLUXDB_INIT_MODE", value = "setup" },
      { name = "DOCKER_INFLUXDB_INIT_USERNAME", value = tables.scalar_text(influx.adminUser.user) },
      { name = "DOCKER_INFLUXDB_INIT_PASSWORD", valueFrom = from_secret("admin-password") },
      { name = "DOCKER_INFLUXDB_INIT_ORG", value = tables.scalar_text(influx.adminUser.organization) },
      { name = "DOCKER_INFLUXDB_INIT_BUCKET", value = tables.scalar_text(influx.adminUser.bucket) },
      { name = "DOCKER_INFLUXDB_INIT_ADMIN_TOKEN", valueFrom = from_secret("admin-token") },
      { name = "INFLUXD_BOLT_PATH", value = DATA_PATH .. "/influxd.bolt" },
      { name = "INFLUXD_ENGINE_PATH", value = DATA_PATH .. "/engine" },
    },
    livenessProbe = tables.copy(health),
    readinessProbe = tables.copy(health),
    volumeMounts = { { name = "data", mountPath = DATA_PATH } },
    resources = resources.of(influx, "influxdb"),
  }
  local annotations = {}
  if own_secret then annotations["checksum/secrets-influxdb"] = checksum.of(own_secret) end
  return fsgen.source {
    apiVersion = "apps/v1", kind = "StatefulSet",
    metadata = metadata(values, release, names.statefulset(fullname)),
    spec = {
      replicas = 1,
      serviceName = fullname,
      selector = { matchLabels = selector(values, release) },
      template = {
        metadata = {
          annotations = tables.non_empty(annotations),
          labels = tables.merge_flat(tables.stringify_map(values.common.labels, "common.labels"),
            selector(values, release)),
        },
        spec = {
          imagePullSecrets = pod.pull_secrets(values, influx.image.imagePullSecrets, "influxdb.image.imagePullSecrets"),
          nodeSelector = tables.non_empty(tables.stringify_map(influx.nodeSelector, "influxdb.nodeSelector")),
          affinity = tables.non_empty(tables.copy(influx.affinity)),
          tolerations = tables.non_empty(tables.copy(influx.tolerations)),
          containers = { container },
          volumes = { data_volume },
        },
      },
    },
  }
end

function M.objects(values, release, mode)
  if mode == "external" then return tables.append({}, external_secret(values, release)) end
  if mode ~= "in-cluster" then return {} end
  local own_secret = auth_secret(values, release)
  local out = tables.append({}, own_secret, pvc(values, release), service(values, release),
    statefulset(values, release, own_secret))
  if own_secret == nil then
    for _, obj in ipairs(secret_init.objects(values, release, {
      secret = auth_secret_name(values, release),
      keys = { "admin-password", "admin-token" },
      component = "influxdb-auth-init",
      job_suffix = "influxdb-auth",
    })) do
      out[#out + 1] = obj
    end
  end
  return out
end

return M
