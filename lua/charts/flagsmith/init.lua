-- The Flagsmith chart (Flagsmith/flagsmith-charts, charts/flagsmith) for
-- fsgen: the same values, the same object names, labels and selectors.
local api = require "api"
local defaults = require "defaults"
local frontend = require "frontend"
local influxdb = require "influxdb"
local pending = require "pending"
local pgbouncer = require "pgbouncer"
local postgresql = require "postgresql"
local secret_key = require "secret_key"

local function render(values, release)
  pending.check(values)
  local objects = {}
  for _, part in ipairs {
    api.objects(values, release),
    frontend.objects(values, release),
    secret_key.objects(values, release),
    postgresql.objects(values, release),
    pgbouncer.objects(values, release),
    influxdb.objects(values, release),
  } do
    for _, obj in ipairs(part) do objects[#objects + 1] = obj end
  end
  return objects
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
