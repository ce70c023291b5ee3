-- The Flagsmith chart (Flagsmith/flagsmith-charts, charts/flagsmith) for
-- fsgen: the same values, the same object names, labels and selectors.
local api = require "api"
local chart_tests = require "chart_tests"
local defaults = require "defaults"
local extra_objects = require "extra_objects"
local frontend = require "frontend"
local graphite = require "graphite"
local influxdb = require "influxdb"
local jobs = require "jobs"
local pgbouncer = require "pgbouncer"
local postgresql = require "postgresql"
local secret_key = require "secret_key"
local service_monitor = require "service_monitor"
local sse = require "sse"
local task_processor = require "task_processor"

-- The release's objects, and apart from them the chart's tests.
local function render(values, release)
  local objects = {}
  for _, part in ipairs {
    api.objects(values, release),
    frontend.objects(values, release),
    task_processor.objects(values, release),
    sse.objects(values, release),
    secret_key.objects(values, release),
    postgresql.objects(values, release),
    pgbouncer.objects(values, release),
    influxdb.objects(values, release),
    graphite.objects(values, release),
    jobs.objects(values, release),
    service_monitor.objects(values, release),
    extra_objects.objects(values),
  } do
    for _, obj in ipairs(part) do objects[#objects + 1] = obj end
  end
  return objects, { tests = chart_tests.objects(values, release) }
end

return {
  name = "flagsmith",
  version = "0.81.0",
  app_version = "2.227.0",
  defaults = defaults,
  -- Maps with default entries that take any key.
  open = {
    "api.extraEnv",
    "frontend.extraEnv",
    "*.defaultPodSecurityContext",
    "pgbouncer.defaultSecurityContext",
    "jobs.migrateDb.defaultPodSecurityContext",
    "devPostgresql.primary.resources",
    "devPostgresql.primary.podSecurityContext",
    "devPostgresql.primary.containerSecurityContext",
    "_destructiveTests.e2e.resources",
  },
  secrets = {
    "api.secretKey",
    "databaseExternal.url",
    "databaseExternal.password",
    "devPostgresql.auth.postgresPassword",
    "devPostgresql.auth.password",
    "postgresql.postgresqlPassword",
    "pgbouncer.passwordOverride",
    "influxdb.adminUser.password",
    "influxdb.adminUser.token",
    "influxdbExternal.token",
    "_destructiveTests.testToken",
  },
  render = render,
}
