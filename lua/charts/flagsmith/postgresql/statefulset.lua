-- The in-cluster PostgreSQL StatefulSet.  Its name, serviceName, selector and
-- volume claim template are those of the Bitnami dependency (immutable fields
-- of a StatefulSet), and so are the data directory and the PVC
-- (data-<name>-0): an existing Helm-installed database is adopted as it is.
local checksum = require "checksum"
local configuration = require "postgresql.configuration"
local meta = require "postgresql.meta"
local names = require "names"
local pod = require "pod"
local tables = require "tables"

local M = {}

local MOUNT_PATH = "/bitnami/postgresql"
local DATA_DIR = "/bitnami/postgresql/data"
local PORT = 5432

local function image(values)
  local img = values.devPostgresql.image
  local ref = pod.image(img.repository, img.tag, nil, "devPostgresql.image")
  if img.registry ~= nil and img.registry ~= "" then ref = img.registry .. "/" .. ref end
  return ref
end

local function ready_command(pg, repository)
  local cmd = ('exec pg_isready -U "%s" -d "dbname=%s" -h 127.0.0.1 -p %d'):format(pg.username, pg.database, PORT)
  local text = cmd .. "\n"
  if repository:find("bitnami/", 1, true) then
    text = text .. "[ -f /opt/bitnami/postgresql/tmp/.initialized ] || [ -f /bitnami/postgresql/.initialized ]\n"
  end
  return cmd, text
end

local function environment(pg)
  local env = {
    { name = "BITNAMI_DEBUG", value = "false" },
    { name = "POSTGRESQL_PORT_NUMBER", value = tostring(PORT) },
    { name = "POSTGRESQL_VOLUME_DIR", value = MOUNT_PATH },
    { name = "PGDATA", value = DATA_DIR },
  }
  local function add(e) env[#env + 1] = e end
  local function secret(key) return { secretKeyRef = { name = pg.fullname, key = key } } end
  if pg.custom_user then
    add { name = "POSTGRES_USER", value = pg.username }
    add { name = "POSTGRES_POSTGRES_PASSWORD", valueFrom = secret("postgres-password") }
    add { name = "POSTGRES_PASSWORD", valueFrom = secret("password") }
  else
    add { name = "POSTGRES_PASSWORD", valueFrom = secret("postgres-password") }
  end
  add { name = "POSTGRES_DB", value = pg.database }
  for _, e in ipairs {
    { "POSTGRESQL_ENABLE_LDAP", "no" },
    { "POSTGRESQL_ENABLE_TLS", "no" },
    { "POSTGRESQL_LOG_HOSTNAME", "false" },
    { "POSTGRESQL_LOG_CONNECTIONS", "false" },
    { "POSTGRESQL_LOG_DISCONNECTIONS", "false" },
    { "POSTGRESQL_PGAUDIT_LOG_CATALOG", "off" },
    { "POSTGRESQL_CLIENT_MIN_MESSAGES", "error" },
    { "POSTGRESQL_SHARED_PRELOAD_LIBRARIES", "pgaudit" },
  } do
    add { name = e[1], value = e[2] }
  end
  return env
end

-- The storage-class field as Bitnami writes it ("-" means the empty class).
function M.object(values, release, pg, headless_name)
  local primary = values.devPostgresql.primary
  local persistence = primary.persistence
  local repository = values.devPostgresql.image.repository
  local live_cmd, ready_text = ready_command(pg, repository)
  local selector = meta.selector(values, release)

  local mounts = { { name = "dshm", mountPath = "/dev/shm" } }
  local volumes = { { name = "dshm", emptyDir = { medium = "Memory" } } }
  local annotations = tables.stringify_map(primary.podAnnotations, "devPostgresql.primary.podAnnotations")
  local config = configuration.object(values, release, pg)
  if config then
    annotations["checksum/extended-configuration"] = checksum.of(config)
    mounts[#mounts + 1] = { name = "postgresql-extended-config", mountPath = MOUNT_PATH .. "/conf/conf.d/" }
    volumes[#volumes + 1] = {
      name = "postgresql-extended-config",
      configMap = { name = configuration.configmap_name(pg.fullname) },
    }
  end
  local claim_templates
  if persistence.enabled then
    mounts[#mounts + 1] = { name = "data", mountPath = MOUNT_PATH }
    if persistence.existingClaim ~= nil and persistence.existingClaim ~= "" then
      volumes[#volumes + 1] = pod.data_volume("data", persistence.existingClaim)
    else
      claim_templates = {
        {
          apiVersion = "v1",
          kind = "PersistentVolumeClaim",
          metadata = { name = "data" },
          spec = {
            accessModes = tables.copy(persistence.accessModes),
            resources = { requests = { storage = tables.scalar_text(persistence.size) } },
            storageClassName = pod.storage_class(persistence.storageClass),
          },
        },
      }
    end
  else
    mounts[#mounts + 1] = { name = "data", mountPath = MOUNT_PATH }
    volumes[#volumes + 1] = pod.data_volume("data")
  end

  local container = {
    name = "postgresql",
    image = image(values),
    imagePullPolicy = values.devPostgresql.image.pullPolicy,
    securityContext = pod.security_context(nil, primary.containerSecurityContext),
    env = environment(pg),
    ports = { { name = "tcp-postgresql", containerPort = PORT } },
    livenessProbe = {
      exec = { command = { "/bin/sh", "-c", live_cmd } },
      failureThreshold = 6, initialDelaySeconds = 30, periodSeconds = 10, successThreshold = 1, timeoutSeconds = 5,
    },
    readinessProbe = {
      exec = { command = { "/bin/sh", "-c", "-e", ready_text } },
      failureThreshold = 6, initialDelaySeconds = 5, periodSeconds = 10, successThreshold = 1, timeoutSeconds = 5,
    },
    resources = tables.non_empty(tables.copy(primary.resources)),
    volumeMounts = mounts,
  }

  local affinity = tables.copy(primary.affinity)
  if tables.is_empty(affinity) then
    -- Bitnami's default "soft" anti-affinity preset.
    affinity = {
      podAntiAffinity = {
        preferredDuringSchedulingIgnoredDuringExecution = {
          {
            weight = 1,
            podAffinityTerm = {
              labelSelector = { matchLabels = meta.selector(values, release) },
              topologyKey = "kubernetes.io/hostname",
            },
          },
        },
      },
    }
  end

  local pod_spec = {
    serviceAccountName = pg.create_service_account and pg.fullname or "default",
    imagePullSecrets = pod.pull_secrets(values, values.devPostgresql.image.pullSecrets,
      "devPostgresql.image.pullSecrets"),
    affinity = affinity,
    nodeSelector = tables.non_empty(tables.stringify_map(primary.nodeSelector, "devPostgresql.primary.nodeSelector")),
    tolerations = tables.non_empty(tables.copy(primary.tolerations)),
    securityContext = pod.security_context(nil, primary.podSecurityContext),
    hostNetwork = false,
    hostIPC = false,
    containers = { container },
    volumes = volumes,
  }

  return fsgen.source {
    apiVersion = "apps/v1",
    kind = "StatefulSet",
    metadata = meta.metadata(values, release, names.statefulset(pg.fullname), "primary"),
    spec = {
      replicas = 1,
      serviceName = headless_name,
      updateStrategy = { type = "RollingUpdate", rollingUpdate = fsgen.map {} },
      selector = { matchLabels = selector },
      template = {
        metadata = {
          name = names.statefulset(pg.fullname),
          labels = meta.labels(values, release, "primary", primary.podLabels, "devPostgresql.primary.podLabels"),
          annotations = tables.non_empty(annotations),
        },
        spec = pod_spec,
      },
      volumeClaimTemplates = claim_templates,
    },
  }
end

return M
