-- PgBouncer between the application and its database: Deployment, Service,
-- and the Secret with the server's credentials (or an existing one).
local autoscaling = require "autoscaling"
local base64 = require "base64"
local checksum = require "checksum"
local database = require "database"
local env = require "env"
local labels = require "labels"
local names = require "names"
local pod = require "pod"
local resources = require "resources"
local tables = require "tables"
local url = require "url"

local M = {}

local PORT = 5432
local CONTAINER = names.CHART_NAME .. "-pgbouncer"

local function secret_name(values, release)
  local existing = values.pgbouncer.credentialsFromExistingSecret
  if existing.enabled then
    if existing.name == nil or existing.name == "" then
      error("pgbouncer.credentialsFromExistingSecret.name: required when "
        .. "pgbouncer.credentialsFromExistingSecret.enabled is true", 0)
    end
    return existing.name
  end
  return names.fullname(values, release) .. "-pgbouncer" -- a Secret: any length
end

-- The server's parts, from the URL fsgen knows.
local function server(values, release)
  local db = database.resolve(values, release)
  if db.url == nil then
    error("pgbouncer.credentialsFromExistingSecret.enabled: required when the database URL comes from "
      .. "databaseExternal.urlFromExistingSecret (give PgBouncer its credentials in an existing Secret "
      .. "with POSTGRESQL_HOST, POSTGRESQL_DATABASE, POSTGRESQL_USER, POSTGRESQL_PASSWORD)", 0)
  end
  local parts = assert(url.parse(db.url))
  return parts
end

local function secret(values, release)
  if values.pgbouncer.credentialsFromExistingSecret.enabled then return nil end
  local parts = server(values, release)
  local password = values.pgbouncer.passwordOverride
  if password == nil or password == "" then password = parts.password or "" end
  return fsgen.source {
    apiVersion = "v1", kind = "Secret",
    metadata = labels.metadata(values, release, secret_name(values, release), "pgbouncer"),
    type = "Opaque",
    data = base64.encode_map {
      POSTGRESQL_HOST = parts.host,
      POSTGRESQL_DATABASE = parts.database,
      POSTGRESQL_USER = parts.username or "",
      POSTGRESQL_PASSWORD = password,
    },
  }
end

local function environment(values, release)
  local pb = values.pgbouncer
  local name = secret_name(values, release)
  local e = env.new()
  e:secret("POSTGRESQL_HOST", name, "POSTGRESQL_HOST")
  e:secret("POSTGRESQL_DATABASE", name, "POSTGRESQL_DATABASE")
  -- The database is offered under its own name.
  e:secret("PGBOUNCER_DATABASE", name, "POSTGRESQL_DATABASE")
  e:secret("POSTGRESQL_USERNAME", name, "POSTGRESQL_USER")
  e:secret("POSTGRESQL_PASSWORD", name, "POSTGRESQL_PASSWORD")
  e:value("PGBOUNCER_PORT", tostring(PORT))
  if not pb.credentialsFromExistingSecret.enabled then
    local port = server(values, release).port
    if port ~= nil and port ~= tostring(PORT) then e:value("POSTGRESQL_PORT", port) end
  end
  e:extra(pb.extraEnv, "pgbouncer.extraEnv")
  return e:list()
end

local function tcp_probe(settings)
  return pod.probe({ tcpSocket = { port = PORT } }, settings)
end

-- Let running queries finish before the pod goes.
local DEFAULT_LIFECYCLE = {
  preStop = { exec = { command = { "/bin/sh", "-c", "killall -INT pgbouncer && sleep 120" } } },
}

local function deployment(values, release, own_secret)
  local pb = values.pgbouncer
  local containers = {
    {
      name = CONTAINER,
      image = pod.image(pb.image.repository, pb.image.tag, nil, "pgbouncer.image"),
      imagePullPolicy = pod.pull_policy(values, pb.image.imagePullPolicy),
      ports = { { containerPort = PORT } },
      env = environment(values, release),
      lifecycle = tables.is_empty(pb.lifecycle) and tables.copy(DEFAULT_LIFECYCLE) or tables.copy(pb.lifecycle),
      livenessProbe = tcp_probe(pb.livenessProbe),
      readinessProbe = tcp_probe(pb.readinessProbe),
      securityContext = pod.security_context(pb.securityContext, pb.defaultSecurityContext),
      resources = resources.of(pb, "pgbouncer"),
      volumeMounts = tables.non_empty(tables.copy(pb.volumeMounts)),
    },
  }
  local spec = pod.spec(values, pb, "pgbouncer", containers, {})
  local sums = {}
  if own_secret then sums["checksum/secrets-pgbouncer"] = checksum.of(own_secret) end
  return fsgen.source(pod.deployment(values, release, {
    name = database.pgbouncer_service(values, release),
    component = "pgbouncer",
    c = pb,
    prefix = "pgbouncer",
    replicas = pod.replicas(pb.replicaCount, values.hpa.pgbouncer.enabled, "pgbouncer.replicaCount"),
    pod_annotations = pod.pod_annotations(sums, pb.podAnnotations, "pgbouncer.podAnnotations"),
    pod_spec = spec,
  }))
end

local function service(values, release)
  return fsgen.source {
    apiVersion = "v1", kind = "Service",
    metadata = labels.metadata(values, release, database.pgbouncer_service(values, release), "pgbouncer"),
    spec = {
      type = "ClusterIP",
      ports = { { name = "postgres", port = PORT, targetPort = PORT, protocol = "TCP" } },
      selector = labels.selector(values, release, "pgbouncer"),
    },
  }
end

-- With pgbouncer.enabled (see init.lua).
function M.objects(values, release)
  local own_secret = secret(values, release)
  local name = database.pgbouncer_service(values, release)
  return tables.append({}, own_secret, service(values, release), deployment(values, release, own_secret),
    autoscaling.hpa(values, release, "pgbouncer", values.hpa.pgbouncer, name),
    autoscaling.pdb(values, release, "pgbouncer", values.pdb.pgbouncer))
end

return M
