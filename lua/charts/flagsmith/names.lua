-- Object names as the chart (and its dependencies) make them, so that fsgen's
-- output lands on the objects an existing Helm release already has.
--
-- Helm refuses release names longer than 53 characters, and names the chart
-- builds can exceed what Kubernetes allows for some kinds.  Where Helm's name
-- would be valid, it is used unchanged.  Beyond that (a longer release name,
-- a Service name over 63 characters), fsgen shortens the name and appends a
-- digest of the full one, so names stay valid and distinct.
local M = {}

M.CHART_NAME = "flagsmith"
-- The alias of the Bitnami PostgreSQL dependency: Helm uses it as that
-- chart's name.
local POSTGRES_CHART_NAME = "devPostgresql"
local GRAPHITE_CHART_NAME = "graphite"
local HELM_MAX_RELEASE = 53
local DIGEST = 8

local function set(v) return v ~= nil and v ~= "" end

-- Helm's `trunc 63 | trimSuffix "-"`: cut to 63 bytes, then drop one
-- trailing "-".
function M.trunc63(s)
  if #s > 63 then s = s:sub(1, 63) end
  if s:byte(-1) == 45 then s = s:sub(1, -2) end -- "-"
  return s
end

-- s when it fits in max bytes, else its head, "-" and a digest of s.
function M.shorten(s, max)
  if #s <= max then return s end
  local head = s:sub(1, max - DIGEST - 1):gsub("%-+$", "")
  return head .. "-" .. fsgen.sha256(s):sub(1, DIGEST)
end

-- "<base>-<suffix>" for a name that must be a DNS label (63 bytes): a
-- Service, a Job.
function M.label_name(base, suffix)
  local full = base .. "-" .. suffix
  if #full <= 63 then return full end
  local digest = fsgen.sha256(full):sub(1, DIGEST)
  local head = base:sub(1, 63 - #suffix - DIGEST - 2):gsub("%-+$", "")
  return head .. "-" .. digest .. "-" .. suffix
end

-- A StatefulSet's pods carry the label <name>-<10-character hash>, so its
-- name must leave room for it.
function M.statefulset(name)
  return M.shorten(name, 52)
end

-- The fullname rule every Helm chart of this family uses: an override wins;
-- a release name that already contains the name is used alone.
local function fullname_of(release_name, name, override)
  if set(override) then return M.trunc63(override) end
  local full = release_name:find(name, 1, true) and release_name or (release_name .. "-" .. name)
  if #release_name > HELM_MAX_RELEASE then return M.shorten(full, 63) end
  return M.trunc63(full)
end

-- The app.kubernetes.io/instance label: the release name (shortened past
-- 63 characters, a label value's limit).
function M.instance(release)
  return M.shorten(release.name, 63)
end

-- app.kubernetes.io/name of the chart's objects.
function M.name(values)
  return M.trunc63(set(values.nameOverride) and values.nameOverride or M.CHART_NAME)
end

function M.fullname(values, release)
  local name = set(values.nameOverride) and values.nameOverride or M.CHART_NAME
  return fullname_of(release.name, name, values.fullnameOverride)
end

function M.namespace(values, release)
  return M.trunc63(set(values.namespaceOverride) and values.namespaceOverride or release.namespace)
end

-- Services of the chart's components: "api", "frontend", "pgbouncer".
function M.service(values, release, component)
  return M.label_name(M.fullname(values, release), component)
end

-- The Bitnami PostgreSQL dependency's name and fullname.
function M.postgres_name(values)
  local pg = values.devPostgresql
  return M.trunc63(set(pg.nameOverride) and pg.nameOverride or POSTGRES_CHART_NAME)
end

function M.postgres_fullname(values, release)
  local pg = values.devPostgresql
  local name = set(pg.nameOverride) and pg.nameOverride or POSTGRES_CHART_NAME
  return fullname_of(release.name, name, pg.fullnameOverride)
end

-- Its headless Service: Bitnami's name unless that would be the primary
-- Service's own name (a cut "-hl").
function M.postgres_headless(fullname)
  local helm = M.trunc63(fullname .. "-hl")
  if helm ~= fullname then return helm end
  return M.label_name(fullname, "hl")
end

-- The in-cluster InfluxDB of the earlier chart the docs page describes.
function M.influxdb_name(values)
  local influx = values.influxdb
  return M.trunc63(set(influx.nameOverride) and influx.nameOverride or M.CHART_NAME)
end

function M.influxdb_fullname(values, release)
  local influx = values.influxdb
  local name = set(influx.nameOverride) and influx.nameOverride or M.CHART_NAME
  return fullname_of(release.name, name, influx.fullnameOverride)
end

-- The Secret holding the token of an external InfluxDB (chart's name).
function M.influxdb_external_secret(release)
  return M.trunc63(release.name .. "-influxdb2") .. "-external-auth"
end

-- The graphite dependency's name and fullname (also statsd's default host):
-- one rule for both, so STATSD_HOST is the Service's real name.
function M.graphite_name(values)
  local g = values.graphite
  return M.trunc63(set(g.nameOverride) and g.nameOverride or GRAPHITE_CHART_NAME)
end

function M.graphite_fullname(values, release)
  local g = values.graphite
  local name = set(g.nameOverride) and g.nameOverride or GRAPHITE_CHART_NAME
  return fullname_of(release.name, name, g.fullnameOverride)
end

-- A Job's name: "<fullname>-<suffix>-<digest of its template>".  A Job's
-- template cannot change, so a changed template is a new Job and the same
-- output is the same Job; nothing random, nothing from the clock.
function M.job(values, release, suffix, template)
  local digest = fsgen.sha256(fsgen.emit(template)):sub(1, DIGEST)
  return M.label_name(M.fullname(values, release), suffix .. "-" .. digest)
end

-- In-cluster DNS name of a Service.
function M.service_host(service, namespace)
  return service .. "." .. namespace .. ".svc.cluster.local"
end

return M
