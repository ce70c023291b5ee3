-- The in-cluster PostgreSQL, written natively with the names of the chart's
-- Bitnami dependency: Secret, ServiceAccount, Service, headless Service,
-- configuration ConfigMap and StatefulSet.  Nothing when an external
-- database is used or the in-cluster one is switched off.
local base64 = require "base64"
local configuration = require "postgresql.configuration"
local database = require "database"
local meta = require "postgresql.meta"
local names = require "names"
local statefulset = require "postgresql.statefulset"
local tables = require "tables"

local M = {}

local PORT = 5432

local function service(values, release, name, headless)
  local spec = {
    type = "ClusterIP",
    ports = { { name = "tcp-postgresql", port = PORT, targetPort = "tcp-postgresql" } },
    selector = meta.selector(values, release),
  }
  if headless then
    spec.clusterIP = "None"
    spec.publishNotReadyAddresses = true
  else
    spec.sessionAffinity = "None"
  end
  return fsgen.source {
    apiVersion = "v1", kind = "Service",
    metadata = meta.metadata(values, release, name, "primary"),
    spec = spec,
  }
end

local function secret(values, release, pg)
  local data = { ["postgres-password"] = pg.admin_password }
  if pg.custom_user then data.password = pg.user_password end
  return fsgen.source {
    apiVersion = "v1", kind = "Secret",
    metadata = meta.metadata(values, release, pg.fullname),
    type = "Opaque",
    data = base64.encode_map(data),
  }
end

local function service_account(values, release, pg)
  if not pg.create_service_account then return nil end
  return fsgen.source {
    apiVersion = "v1", kind = "ServiceAccount",
    metadata = meta.metadata(values, release, pg.fullname),
    automountServiceAccountToken = true,
  }
end

-- With the in-cluster database (database.in_cluster, see init.lua).
function M.objects(values, release)
  local pg = database.postgres(values, release)
  local headless = names.postgres_headless(pg.fullname)
  return tables.append({},
    secret(values, release, pg),
    service_account(values, release, pg),
    service(values, release, pg.fullname, false),
    service(values, release, headless, true),
    configuration.object(values, release, pg),
    statefulset.object(values, release, pg, headless))
end

return M
