-- The whole values surface of the chart, with defaults.
--
-- Keys and defaults are those of the official chart's values.yaml (0.81.0),
-- plus the keys its templates read without declaring them, plus the keys the
-- Flagsmith "Kubernetes" docs page documents that the chart no longer has
-- (marked "docs page").  Keys fsgen adds are marked "fsgen".  A docs-page key
-- that renames a chart key defaults to null, so that whichever of the two a
-- user sets wins; its effective default is the chart key's.
local null, list = fsgen.null, fsgen.list

-- The probe thresholds every component shares the shape of.
local function probe(failure, delay, period, success, timeout, extra)
  local p = {
    failureThreshold = failure, initialDelaySeconds = delay, periodSeconds = period,
    successThreshold = success, timeoutSeconds = timeout,
  }
  for k, v in pairs(extra or {}) do p[k] = v end
  return p
end

local function image(repository, tag, policy)
  return { repository = repository, tag = tag, imagePullPolicy = policy or "", imagePullSecrets = list {} }
end

-- The scheduling, security and extension keys of a Deployment-backed component.
local function pod_keys(t)
  t.podAnnotations = {}
  t.podLabels = {}
  t.resources = {}
  t.nodeSelector = {}
  t.tolerations = list {}
  t.affinity = {}
  t.lifecycle = {}
  t.terminationGracePeriodSeconds = null
  t.podSecurityContext = {}
  t.defaultPodSecurityContext = { enabled = true }
  t.extraInitContainers = list {}
  -- A list, or YAML text of one (the chart accepts both): null takes either.
  t.extraContainers = null
  t.extraVolumes = list {}
  t.volumeMounts = list {}
  t.shareProcessNamespace = false -- read by the templates, not in values.yaml
  t.schedulerName = null -- read by the templates, not in values.yaml
  t.serviceAccountName = null -- read by the templates, not in values.yaml
  return t
end

local function hpa(enabled, min, max)
  return { enabled = enabled, minReplicas = min, maxReplicas = max, targetCPUUtilization = 50 }
end

local function pdb()
  return { enabled = false, minAvailable = 1, maxUnavailable = null, unhealthyPodEvictionPolicy = null }
end

local function ingress(hosts)
  return { enabled = false, annotations = {}, ingressClassName = null, hosts = hosts, tls = list {} }
end

local function gateway_route()
  return { enabled = false, parentRefs = list {}, hostnames = list {}, rules = list {} }
end

return {
  nameOverride = null,
  fullnameOverride = null,
  namespaceOverride = null,

  -- OpenShift Routes (read by the templates, not in values.yaml): `true`
  -- (the chart's openshift-values.yaml) routes the API and the frontend;
  -- { route = { api = { enabled, host, tls }, frontend = { ... } } } switches
  -- each one.  null takes either shape.
  openshift = null,

  common = { labels = {}, annotations = {} },

  global = { image = { imagePullPolicy = "IfNotPresent", imagePullSecrets = list {} } },

  serviceMonitor = {
    enabled = false,
    annotations = {},
    -- values.yaml has `labels: []` but the template writes them as a map:
    -- null accepts both spellings.
    labels = null,
    targetLabels = list {},
    jobLabel = "",
    interval = "15s",
    scheme = "",
    tlsConfig = {},
    scrapeTimeout = "10s",
    path = "/metrics/",
    honorLabels = true,
    metricRelabelings = list {},
    relabelings = list {},
  },

  prometheus = { enabled = true, port = 9100 },

  api = pod_keys {
    image = image("docker.flagsmith.com/flagsmith/flagsmith-api", ""),
    separateApiAndFrontend = true,
    replicacount = 1,
    deploymentStrategy = null,
    resourcesPreset = "none", -- fsgen: none|small|medium|large
    extraEnv = { ENABLE_ADMIN_ACCESS_USER_PASS = true },
    extraEnvFromSecret = {},
    livenessProbe = probe(5, 5, 10, 1, 2, { path = "/health/liveness/", exec = {} }),
    readinessProbe = probe(10, 1, 10, 1, 2, { path = "/health/readiness/", exec = {} }),
    statsd = { enabled = false, host = null, hostFromNodeIp = false, port = 8125, prefix = "flagsmith.api" },
    command = list {},
    args = list {},
    logging = { format = "generic" },
    enableMigrateDbInitContainer = true,
    enableMigrateAndServe = false, -- read by the templates, not in values.yaml
    bootstrap = {
      enabled = false,
      adminEmail = null,
      organisationName = null,
      projectName = null,
      -- values.yaml indents extraSpec under bootstrap; the template reads
      -- api.extraSpec.  Both are honoured.
      extraSpec = {},
    },
    extraSpec = {},
    secretKeyFromExistingSecret = { enabled = false, name = "", key = "" },
    secretKey = null, -- docs page
    dbWaiter = { -- docs page (enabled: fsgen)
      enabled = false,
      image = { repository = "willwill/wait-for-it", tag = "latest", imagePullPolicy = "IfNotPresent" },
      timeoutSeconds = 30,
    },
  },

  frontend = pod_keys {
    enabled = true,
    image = image("docker.flagsmith.com/flagsmith/flagsmith-frontend", ""),
    replicacount = 1,
    deploymentStrategy = null,
    resourcesPreset = "none", -- fsgen
    apiProxy = { enabled = true },
    extraEnv = { FLAGSMITH_API_URL = "https://flagsmith.local/api/v1" },
    extraEnvFromSecret = {},
    livenessProbe = probe(20, 20, 10, 1, 10),
    readinessProbe = probe(20, 20, 10, 1, 10),
    extraSpec = {},
  },

  taskProcessor = pod_keys {
    image = image("", ""),
    command = list {},
    args = list {},
    enabled = false,
    replicacount = 1,
    deploymentStrategy = null, -- fsgen
    resourcesPreset = "none", -- fsgen
    sleepIntervalMs = null,
    numThreads = null,
    gracePeriodMs = null,
    queuePopSize = null,
    livenessProbe = probe(5, 5, 10, 1, 30, { exec = {} }),
    readinessProbe = probe(10, 1, 10, 1, 30, { exec = {} }),
    extraEnv = {},
    extraSpec = {},
  },

  -- The in-cluster PostgreSQL (the chart's Bitnami dependency, aliased
  -- devPostgresql).  Besides the chart's own keys, the Bitnami keys people
  -- set most are known here.
  devPostgresql = {
    enabled = true,
    nameOverride = "dev-postgresql",
    fullnameOverride = null,
    image = {
      registry = "docker.io",
      repository = "bitnamilegacy/postgresql",
      tag = "15.3.0-debian-11-r7",
      pullPolicy = "IfNotPresent",
      pullSecrets = list {},
    },
    serviceAccount = { create = true, name = null },
    auth = { postgresPassword = "flagsmith", database = "flagsmith", username = "", password = "" },
    primary = {
      persistence = {
        enabled = true,
        size = "8Gi",
        storageClass = "",
        accessModes = { "ReadWriteOnce" },
        existingClaim = "",
      },
      resources = { limits = {}, requests = { memory = "256Mi", cpu = "250m" } },
      nodeSelector = {},
      tolerations = list {},
      affinity = {},
      podAnnotations = {},
      podLabels = {},
      extendedConfiguration = "",
      -- Bitnami's: switched off on OpenShift, which assigns the user itself.
      podSecurityContext = { enabled = true, fsGroup = 1001 },
      containerSecurityContext = { enabled = true, runAsUser = 1001 },
    },
  },

  -- docs page: the earlier chart's spelling of the in-cluster database.
  postgresql = {
    enabled = null,
    serviceAccount = { enabled = null },
    postgresqlDatabase = null,
    postgresqlUsername = null,
    postgresqlPassword = null,
    postgresqlConfiguration = {},
  },

  databaseExternal = {
    enabled = false,
    url = null,
    type = "postgres",
    host = null,
    port = 5432,
    database = null,
    username = null,
    password = null,
    urlFromExistingSecret = { enabled = false, name = null, key = null },
  },

  pgbouncer = pod_keys {
    enabled = false,
    image = image("bitnamilegacy/pgbouncer", "1.16.0"),
    replicaCount = 1,
    deploymentStrategy = null,
    resourcesPreset = "none", -- fsgen
    passwordOverride = "",
    credentialsFromExistingSecret = { enabled = false, name = "" },
    extraEnv = {},
    securityContext = {},
    defaultSecurityContext = {
      enabled = true,
      allowPrivilegeEscalation = false,
      capabilities = { drop = { "all" } },
    },
    livenessProbe = probe(5, 5, 10, 1, 2),
    readinessProbe = probe(10, 1, 10, 1, 2),
  },

  -- docs page: the in-cluster InfluxDB (off unless enabled).
  influxdb = {
    enabled = false,
    nameOverride = "influxdb",
    fullnameOverride = null,
    image = { repository = "quay.io/influxdb/influxdb", tag = "v2.0.2", imagePullPolicy = "IfNotPresent",
              imagePullSecrets = list {} },
    adminUser = { organization = "influxdata", bucket = "default", user = "admin", password = null, token = null },
    persistence = {
      enabled = false,
      name = null,
      useExisting = false,
      storageClass = null,
      accessMode = "ReadWriteOnce",
      size = "50Gi",
    },
    resourcesPreset = "none", -- fsgen
    resources = {},
    nodeSelector = {},
    tolerations = list {},
    affinity = {},
  },

  influxdbExternal = {
    enabled = false,
    url = null,
    bucket = null,
    organization = null,
    token = null,
    tokenFromExistingSecret = { enabled = false, name = null, key = null },
  },

  UsePostgresForAnalytics = { enabled = false },

  -- The statsd/Graphite sink (the chart's graphite dependency 2.0.0): the
  -- keys of its values.yaml that fsgen renders.
  graphite = {
    enabled = false,
    nameOverride = "flagsmith-graphite",
    fullnameOverride = null,
    autoSetStatsdHostEnvVar = true,
    image = { repository = "graphiteapp/graphite-statsd", tag = "1.1.7-6", pullPolicy = "IfNotPresent" },
    service = { type = "ClusterIP", port = 8080, annotations = {}, labels = {} },
    persistence = {
      enabled = true,
      storageClass = null,
      existingClaim = null,
      accessMode = "ReadWriteOnce",
      size = "10Gi",
    },
    -- values.yaml writes `env: {}`; the template reads a list of
    -- { name, value }: null takes either.
    env = null,
    resources = {},
    nodeSelector = {},
    tolerations = list {},
    affinity = {},
    timeZone = "Etc/UTC",
    statsd = { interface = "UDP" },
  },

  sse = pod_keys {
    enabled = false,
    image = image("flagsmith/sse", "3.6.0"),
    authenticationTokenFromExistingSecret = { enabled = false, name = "", key = "" },
    replicaCount = 1,
    deploymentStrategy = null,
    resourcesPreset = "none", -- fsgen
    extraEnv = {},
    extraEnvFromSecret = {},
    livenessProbe = probe(5, 5, 10, 1, 2, { path = "/health/liveness/" }),
    readinessProbe = probe(10, 1, 10, 1, 2, { path = "/health/readiness/" }),
    extraSpec = {},
  },

  service = {
    api = { type = "ClusterIP", port = 8000, annotations = {} },
    frontend = { type = "ClusterIP", port = 8080, annotations = {} },
    sse = { type = "ClusterIP", port = 8000, annotations = {} },
    taskProcessor = { type = "ClusterIP", port = 8000, annotations = {} },
    influxdb = { externalPort = 8080 }, -- docs page
  },

  hpa = {
    api = hpa(false, 2, 10),
    frontend = hpa(false, 2, 10), -- fsgen
    taskProcessor = hpa(false, 2, 10),
    sse = hpa(true, 1, 5), -- only when sse.enabled
    pgbouncer = hpa(false, 2, 10), -- fsgen
  },

  -- fsgen: taskProcessor, sse and pgbouncer besides the chart's two.
  pdb = { api = pdb(), frontend = pdb(), taskProcessor = pdb(), sse = pdb(), pgbouncer = pdb() },

  ingress = {
    -- A list of host names (the chart) or of { host, paths } (the docs page).
    frontend = ingress { "flagsmith.local" },
    api = ingress { { host = "flagsmith.local", paths = { "/api/", "/health/", "/admin/", "/static/admin/" } } },
    sse = ingress { { host = "chart-example.local", paths = list {} } },
  },

  gateway = {
    annotations = {},
    frontend = gateway_route(),
    api = gateway_route(),
    sse = gateway_route(),
  },

  jobs = {
    migrateDb = {
      enabled = false,
      ttlSecondsAfterFinished = 3600,
      restartPolicy = "OnFailure",
      defaultPodSecurityContext = { enabled = true },
      podSecurityContext = {},
      jobAnnotations = {},
      podLabels = {},
      nodeSelector = {},
      tolerations = list {},
      affinity = {},
      serviceAccountName = null,
      shareProcessNamespace = false,
      extraContainers = null, -- a list, or YAML text of one
      extraVolumes = list {},
      command = list {},
      args = list {},
      databaseUrl = { fromExistingSecret = { enabled = false, name = null, key = null } },
    },
    migrateAnalyticsData = {
      enabled = false,
      args = list {},
      extraContainers = null, -- a list, or YAML text of one
      extraVolumes = list {},
    },
  },

  tests = {
    enabled = false,
    api = { enabled = true, maxTime = 10, printResponseBody = false },
    frontend = { enabled = true, maxTime = 10, printResponseBody = false },
  },

  _destructiveTests = {
    enabled = false,
    testToken = "test-e2e-token",
    e2e = {
      enabled = true,
      image = { repository = "flagsmith/flagsmith-e2e-tests", tag = null, imagePullPolicy = "IfNotPresent" },
      resources = { requests = { memory = "1Gi" } },
    },
  },

  extraObjects = list {},
}
