-- The API Deployment.
local api_secret = require "api.secret"
local checksum = require "checksum"
local database = require "database"
local environment = require "api.environment"
local influxdb = require "influxdb"
local names = require "names"
local pod = require "pod"
local probes = require "probes"
local resources = require "resources"
local secret_key = require "secret_key"
local tables = require "tables"
local url = require "url"

local M = {}

local CONTAINER = names.CHART_NAME .. "-api"

-- The optional wait-for-database init container of the docs page.
local function db_waiter(values, release, pull_policy)
  local waiter = values.api.dbWaiter
  local db = database.resolve(values, release)
  if db.app_url == nil then
    error("api.dbWaiter.enabled: the database host is not known when the URL comes from "
      .. "databaseExternal.urlFromExistingSecret (switch the waiter off)", 0)
  end
  local target = url.parse(db.app_url)
  return {
    name = "wait-for-db",
    image = pod.image(waiter.image.repository, waiter.image.tag, "latest", "api.dbWaiter.image"),
    imagePullPolicy = waiter.image.imagePullPolicy or pull_policy,
    command = {
      "/wait-for-it.sh",
      "--host=" .. target.host,
      "--port=" .. (target.port or "5432"),
      "--timeout=" .. tables.scalar_text(waiter.timeoutSeconds),
    },
  }
end

-- Creates the first superuser, organisation and project (api.bootstrap);
-- does nothing when the database has data.
local function bootstrap(values, release, image, pull_policy)
  local settings = values.api.bootstrap
  local e = environment.builder(values, release)
  e:value("ALLOW_ADMIN_INITIATION_VIA_CLI", "true")
  for _, pair in ipairs {
    { "ADMIN_EMAIL", "adminEmail" }, { "ORGANISATION_NAME", "organisationName" }, { "PROJECT_NAME", "projectName" },
  } do
    local text = tables.scalar_text(settings[pair[2]])
    if text ~= nil and text ~= "" then e:value(pair[1], text) end
  end
  return {
    name = "bootstrap",
    image = image,
    imagePullPolicy = pull_policy,
    command = { "/bin/sh", "-c" },
    args = { "python manage.py waitfordb && python manage.py bootstrap" },
    env = e:list(),
    volumeMounts = tables.non_empty(tables.copy(values.api.volumeMounts)),
  }
end

local function init_containers(values, release, image, pull_policy, env)
  local api = values.api
  local list = {}
  if api.dbWaiter.enabled then list[#list + 1] = db_waiter(values, release, pull_policy) end
  if api.enableMigrateDbInitContainer then
    list[#list + 1] = {
      name = "migrate-db",
      image = image,
      imagePullPolicy = pull_policy,
      args = { "migrate" },
      env = tables.copy(env),
      volumeMounts = tables.non_empty(tables.copy(api.volumeMounts)),
    }
  end
  if api.bootstrap.enabled then list[#list + 1] = bootstrap(values, release, image, pull_policy) end
  return list
end

local function args(api)
  if not tables.is_empty(api.args) then return tables.copy(api.args) end
  if not tables.is_empty(api.command) then return nil end
  return { api.enableMigrateAndServe and "migrate-and-serve" or "serve" }
end

-- Digests of the Secrets fsgen writes that the API's environment reads
-- (the task processor reads the same).
function M.checksums(values, release)
  local sums = {}
  local db_secret = api_secret.object(values, release)
  if db_secret then sums["checksum/secrets-api"] = checksum.of(db_secret) end
  local key_secret = secret_key.secret(values, release)
  if key_secret then sums["checksum/secret-django-secret-key"] = checksum.of(key_secret) end
  for k, v in pairs(influxdb.checksums(values, release)) do sums[k] = v end
  return sums
end

function M.object(values, release)
  local api = values.api
  local port = values.service.api.port
  local image = pod.image(api.image.repository, api.image.tag, pod.APP_VERSION, "api.image")
  local pull_policy = pod.pull_policy(values, api.image.imagePullPolicy)
  local env = environment.list(values, release)

  local containers = {
    {
      name = CONTAINER,
      image = image,
      imagePullPolicy = pull_policy,
      command = tables.non_empty(tables.copy(api.command)),
      args = args(api),
      ports = { { containerPort = port } },
      env = env,
      livenessProbe = probes.of(api.livenessProbe, port),
      readinessProbe = probes.of(api.readinessProbe, port),
      lifecycle = tables.non_empty(tables.copy(api.lifecycle)),
      resources = resources.of(api, "api"),
      volumeMounts = tables.non_empty(tables.copy(api.volumeMounts)),
    },
  }
  local spec = pod.spec(values, api, "api", containers, init_containers(values, release, image, pull_policy, env))

  return fsgen.source(pod.deployment(values, release, {
    name = names.fullname(values, release) .. "-api",
    component = "api",
    c = api,
    prefix = "api",
    replicas = pod.replicas(api.replicacount, values.hpa.api.enabled, "api.replicacount"),
    pod_annotations = pod.pod_annotations(M.checksums(values, release), api.podAnnotations, "api.podAnnotations"),
    pod_spec = spec,
    extra_spec = tables.deep_merge(api.bootstrap.extraSpec or {}, api.extraSpec or {}),
  }))
end

return M
