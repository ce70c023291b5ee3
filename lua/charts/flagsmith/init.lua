-- The Flagsmith chart (Flagsmith/flagsmith-charts, charts/flagsmith) for
-- fsgen: the same values, the same object names, labels and selectors.
local database = require "database"
local defaults = require "defaults"

-- The parts of the release, in the order of their objects, each with the
-- switch that turns it on (none: always on; it decides itself what it
-- makes).  A part that is off is not even loaded: most releases use a few,
-- and loading the others was a twentieth of a render.
local PARTS = {
  { "api" },
  { "frontend" },
  { "task_processor", function(v) return v.taskProcessor.enabled end },
  { "sse", function(v) return v.sse.enabled end },
  { "secret_key" },
  { "postgresql", database.in_cluster },
  { "pgbouncer", function(v) return v.pgbouncer.enabled end },
  { "influxdb" },
  { "graphite", function(v) return v.graphite.enabled end },
  { "jobs", function(v) return v.jobs.migrateDb.enabled or v.jobs.migrateAnalyticsData.enabled end },
  { "service_monitor", function(v) return v.serviceMonitor.enabled and v.prometheus.enabled end },
}

-- The release's objects, and apart from them the chart's tests.
local function render(values, release)
  local objects = {}
  for _, part in ipairs(PARTS) do
    local name, on = part[1], part[2]
    if not on or on(values) then
      for _, obj in ipairs(require(name).objects(values, release)) do objects[#objects + 1] = obj end
    end
  end
  -- extraObjects and the tests load when asked for too.
  if next(values.extraObjects or {}) ~= nil then
    for _, obj in ipairs(require("extra_objects").objects(values)) do objects[#objects + 1] = obj end
  end
  local tests = {}
  if values.tests.enabled or values._destructiveTests.enabled then
    tests = require("chart_tests").objects(values, release)
  end
  return objects, { tests = tests }
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
