-- InfluxDB for the API's analytics: in the cluster (influxdb.*, the docs
-- page's keys, named as the earlier chart named it) or external
-- (influxdbExternal.*), and the API's INFLUXDB_* environment for either.
-- The objects are in influxdb/objects.lua, loaded only when an InfluxDB is
-- used: most releases have none.
local names = require "names"
local tables = require "tables"

local M = {}

local function set(v) return v ~= nil and v ~= "" end

local function required(v, key, hint)
  if not set(v) then error(("%s: required%s"):format(key, hint and (" (" .. hint .. ")") or ""), 0) end
  return v
end
M.set, M.required = set, required -- for influxdb/objects.lua too

-- Which InfluxDB the API uses: "in-cluster", "external" or nil.
function M.mode(values)
  local inside, outside = values.influxdb.enabled, values.influxdbExternal.enabled
  if inside and outside then
    error("influxdb.enabled: set together with influxdbExternal.enabled (use one InfluxDB)", 0)
  end
  if inside then return "in-cluster" end
  if outside then return "external" end
  return nil
end

function M.auth_secret_name(values, release)
  return names.influxdb_fullname(values, release) .. "-auth"
end

-- Digests of the InfluxDB Secrets fsgen writes, for the API's pods.
function M.checksums(values, release)
  local mode = M.mode(values)
  if mode == nil then return {} end
  return require("influxdb.objects").checksums(values, release, mode)
end

-- Adds the INFLUXDB_* entries to the API's env builder; false when no
-- InfluxDB is used.
function M.api_env(values, release, e)
  local mode = M.mode(values)
  if mode == "in-cluster" then
    local influx = values.influxdb
    local host = names.service_host(names.influxdb_fullname(values, release), names.namespace(values, release))
    e:value("INFLUXDB_URL", ("http://%s:%s"):format(host, tables.scalar_text(values.service.influxdb.externalPort)))
    e:value("INFLUXDB_BUCKET", tables.scalar_text(influx.adminUser.bucket))
    e:value("INFLUXDB_ORG", tables.scalar_text(influx.adminUser.organization))
    e:secret("INFLUXDB_TOKEN", M.auth_secret_name(values, release), "admin-token")
    return true
  elseif mode == "external" then
    local ext = values.influxdbExternal
    e:value("INFLUXDB_URL", tables.scalar_text(required(ext.url, "influxdbExternal.url")))
    e:value("INFLUXDB_BUCKET", tables.scalar_text(required(ext.bucket, "influxdbExternal.bucket")))
    e:value("INFLUXDB_ORG", tables.scalar_text(required(ext.organization, "influxdbExternal.organization")))
    local from = ext.tokenFromExistingSecret
    if from.enabled then
      e:secret("INFLUXDB_TOKEN", required(from.name, "influxdbExternal.tokenFromExistingSecret.name"),
        required(from.key, "influxdbExternal.tokenFromExistingSecret.key"))
    else
      e:secret("INFLUXDB_TOKEN", names.influxdb_external_secret(release), "admin-token")
    end
    return true
  end
  return false
end

-- The release's InfluxDB objects: none, the external token's Secret, or
-- the in-cluster server.
function M.objects(values, release)
  local mode = M.mode(values)
  if mode == nil then return {} end
  return require("influxdb.objects").objects(values, release, mode)
end

return M
