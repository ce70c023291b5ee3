-- The API's environment, shared by the API container, its init containers,
-- the task processor and the jobs: the chart's contract, entry for entry.
local database = require "database"
local env = require "env"
local influxdb = require "influxdb"
local names = require "names"
local secret_key = require "secret_key"
local tables = require "tables"

local M = {}

local function statsd(values, release, e)
  local s = values.api.statsd
  if not s.enabled then return end
  if s.host ~= nil and s.host ~= "" then
    e:value("STATSD_HOST", s.host)
  elseif s.hostFromNodeIp then
    e:field("STATSD_HOST", "status.hostIP")
  elseif values.graphite.enabled and values.graphite.autoSetStatsdHostEnvVar then
    e:value("STATSD_HOST", names.graphite_fullname(values, release))
  else
    error("api.statsd.host: required when api.statsd.enabled is true (or set api.statsd.hostFromNodeIp, "
      .. "or enable graphite with graphite.autoSetStatsdHostEnvVar)", 0)
  end
  e:value("STATSD_PORT", tostring(math.tointeger(s.port) or s.port))
  if s.prefix ~= nil and s.prefix ~= "" then e:value("STATSD_PREFIX", s.prefix) end
end

local function analytics(values, release, e)
  if influxdb.api_env(values, release, e) then return end
  if values.UsePostgresForAnalytics.enabled then
    if not values.taskProcessor.enabled then
      error("UsePostgresForAnalytics.enabled: needs taskProcessor.enabled: true "
        .. "(the task processor writes the analytics to PostgreSQL)", 0)
    end
    e:value("USE_POSTGRES_FOR_ANALYTICS", "true")
  else
    e:value("DISABLE_ANALYTICS_FEATURES", "true")
  end
end

-- The SSE service's address and the token the API signs its calls with.
local function sse(values, release, e)
  if not values.sse.enabled then return end
  local ref = require("sse.token").ref(values, release) -- loaded only with SSE
  e:secret("SSE_AUTHENTICATION_TOKEN", ref.name, ref.key)
  e:value("SSE_SERVER_BASE_URL", ("http://%s.%s:%s"):format(names.service(values, release, "sse"),
    names.namespace(values, release), tables.scalar_text(values.service.sse.port)))
end

-- The env builder with the API's entries: the task processor, the jobs and
-- the init containers add theirs to it.
function M.builder(values, release)
  local api = values.api
  local e = env.new()
  e:value("PROMETHEUS_ENABLED", values.prometheus.enabled and "true" or "false")
  local db = database.resolve(values, release)
  e:secret("DATABASE_URL", db.secret.name, db.secret.key)
  local key = secret_key.ref(values, release)
  e:secret("DJANGO_SECRET_KEY", key.name, key.key)
  analytics(values, release, e)
  e:value("DJANGO_ALLOWED_HOSTS", "*")
  e:extra(api.extraEnv, "api.extraEnv")
  statsd(values, release, e)
  if values.taskProcessor.enabled then e:value("TASK_RUN_METHOD", "TASK_PROCESSOR") end
  e:extra_from_secret(api.extraEnvFromSecret, "api.extraEnvFromSecret")
  if values.frontend.apiProxy.enabled then e:value("USE_X_FORWARDED_HOST", "true") end
  local tests = values._destructiveTests
  if tests.enabled and tests.testToken ~= nil and tests.testToken ~= "" then
    e:value("E2E_TEST_AUTH_TOKEN", tests.testToken)
  end
  if api.logging.format ~= nil and api.logging.format ~= "" then e:value("LOG_FORMAT", api.logging.format) end
  sse(values, release, e)
  return e
end

-- The list of env entries.
function M.list(values, release)
  return M.builder(values, release):list()
end

return M
