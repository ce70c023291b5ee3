-- The chart's Jobs: migrate-db (the API's database migrations, besides or
-- instead of the init container) and migrate-analytics-data (analytics from
-- InfluxDB into PostgreSQL).  Both run the API's image with its environment.
--
-- A Job's name is "<fullname>-<job>-<digest of its template>" (names.job):
-- a new image or setting is a new Job, re-applying the same output changes
-- nothing, and no name depends on a revision, a clock or chance.
local environment = require "api.environment"
local labels = require "labels"
local names = require "names"
local pod = require "pod"
local tables = require "tables"

local M = {}

local function set(v) return v ~= nil and v ~= "" end

local function required(v, key)
  if not set(v) then error(("%s: required when %s is true"):format(key, (key:gsub("%.[^.]+$", ".enabled"))), 0) end
  return v
end

-- opts: suffix (the name's), component, pod_spec, annotations and
-- pod_labels of the template (each with its values path), ttl.
local function job(values, release, opts)
  local template = {
    metadata = {
      annotations = tables.non_empty(tables.stringify_map(opts.annotations, opts.annotations_path)),
      labels = labels.pod(values, release, opts.component, opts.pod_labels, opts.pod_labels_path),
    },
    spec = opts.pod_spec,
  }
  return fsgen.source {
    apiVersion = "batch/v1",
    kind = "Job",
    metadata = labels.metadata(values, release, names.job(values, release, opts.suffix, template), opts.component),
    spec = { ttlSecondsAfterFinished = opts.ttl, template = template },
  }
end

local function api_container(values, name)
  local img = values.api.image
  return {
    name = name,
    image = pod.image(img.repository, img.tag, pod.APP_VERSION, "api.image"),
    imagePullPolicy = pod.pull_policy(values, img.imagePullPolicy),
  }
end

local function migrate_db(values, release)
  local settings = values.jobs.migrateDb
  local e = environment.builder(values, release)
  -- Migrations may run with their own, more privileged, database user.
  local from = settings.databaseUrl.fromExistingSecret
  if from.enabled then
    local where = "jobs.migrateDb.databaseUrl.fromExistingSecret"
    e:put({ name = "DATABASE_URL", valueFrom = { secretKeyRef = {
      name = required(from.name, where .. ".name"), key = required(from.key, where .. ".key"),
    } } }, true)
  end
  local container = api_container(values, "migrate-db")
  container.command = tables.non_empty(tables.copy(settings.command))
  container.args = tables.non_empty(tables.copy(settings.args)) or { "migrate" }
  container.env = e:list()
  local pod_spec = pod.spec(values, settings, "jobs.migrateDb", { container }, {}, values.api.image)
  pod_spec.restartPolicy = settings.restartPolicy
  return job(values, release, {
    suffix = "migrate-db",
    component = "job-migrate-db",
    pod_spec = pod_spec,
    annotations = settings.jobAnnotations, annotations_path = "jobs.migrateDb.jobAnnotations",
    pod_labels = settings.podLabels, pod_labels_path = "jobs.migrateDb.podLabels",
    ttl = settings.ttlSecondsAfterFinished,
  })
end

local function migrate_analytics(values, release)
  local settings, shared = values.jobs.migrateAnalyticsData, values.jobs.migrateDb
  local container = api_container(values, "migrate-analytics-data")
  container.command = { "python", "manage.py", "migrate_analytics" }
  container.args = tables.non_empty(tables.copy(settings.args))
  container.env = environment.list(values, release)
  -- Its service account and process sharing are the migrate-db Job's.
  local pod_spec = pod.spec(values, {
    serviceAccountName = shared.serviceAccountName,
    shareProcessNamespace = shared.shareProcessNamespace,
    extraContainers = settings.extraContainers,
    extraVolumes = settings.extraVolumes,
  }, "jobs.migrateAnalyticsData", { container }, {}, values.api.image)
  pod_spec.restartPolicy = "Never"
  return job(values, release, {
    suffix = "migrate-analytics-data", component = "job-migrate-analytics-data", pod_spec = pod_spec,
  })
end

function M.objects(values, release)
  local out = {}
  if values.jobs.migrateDb.enabled then out[#out + 1] = migrate_db(values, release) end
  if values.jobs.migrateAnalyticsData.enabled then out[#out + 1] = migrate_analytics(values, release) end
  return out
end

return M
