-- Every key of the Flagsmith Kubernetes docs page's parameter table, set to
-- a value other than its default, changes the output where it should.  Each
-- case sets some keys and checks the output; the check must fail on the
-- default render (so it tells the value's effect apart) and hold with the
-- case's values.  Keys that exclude each other are in separate cases.
local h = require "flagsmith.helper"

-- The docs page's table, key for key.
local DOCS_KEYS = {
  "api.image.repository", "api.image.tag", "api.image.imagePullPolicy", "api.image.imagePullSecrets",
  "api.separateApiAndFrontend", "api.replicacount", "api.deploymentStrategy", "api.resources", "api.podLabels",
  "api.extraEnv", "api.secretKey", "api.secretKeyFromExistingSecret.enabled", "api.secretKeyFromExistingSecret.name",
  "api.secretKeyFromExistingSecret.key", "api.nodeSelector", "api.tolerations", "api.affinity",
  "api.podSecurityContext", "api.defaultPodSecurityContext.enabled",
  "api.livenessProbe.failureThreshold", "api.livenessProbe.initialDelaySeconds", "api.livenessProbe.periodSeconds",
  "api.livenessProbe.successThreshold", "api.livenessProbe.timeoutSeconds",
  "api.readinessProbe.failureThreshold", "api.readinessProbe.initialDelaySeconds", "api.readinessProbe.periodSeconds",
  "api.readinessProbe.successThreshold", "api.readinessProbe.timeoutSeconds",
  "api.dbWaiter.image.repository", "api.dbWaiter.image.tag", "api.dbWaiter.image.imagePullPolicy",
  "api.dbWaiter.timeoutSeconds",
  "frontend.enabled", "frontend.image.repository", "frontend.image.tag", "frontend.image.imagePullPolicy",
  "frontend.image.imagePullSecrets", "frontend.replicacount", "frontend.deploymentStrategy", "frontend.resources",
  "frontend.apiProxy.enabled", "frontend.extraEnv", "frontend.nodeSelector", "frontend.tolerations",
  "frontend.affinity",
  "frontend.livenessProbe.failureThreshold", "frontend.livenessProbe.initialDelaySeconds",
  "frontend.livenessProbe.periodSeconds", "frontend.livenessProbe.successThreshold",
  "frontend.livenessProbe.timeoutSeconds",
  "frontend.readinessProbe.failureThreshold", "frontend.readinessProbe.initialDelaySeconds",
  "frontend.readinessProbe.periodSeconds", "frontend.readinessProbe.successThreshold",
  "frontend.readinessProbe.timeoutSeconds",
  "postgresql.enabled", "postgresql.serviceAccount.enabled", "nameOverride", "postgresql.postgresqlDatabase",
  "postgresql.postgresqlUsername", "postgresql.postgresqlPassword", "postgresql.postgresqlConfiguration",
  "databaseExternal.enabled", "databaseExternal.url", "databaseExternal.type", "databaseExternal.host",
  "databaseExternal.port", "databaseExternal.database", "databaseExternal.username", "databaseExternal.password",
  "databaseExternal.urlFromExistingSecret.enabled", "databaseExternal.urlFromExistingSecret.name",
  "databaseExternal.urlFromExistingSecret.key",
  "influxdb.enabled", "influxdb.nameOverride", "influxdb.image.repository", "influxdb.image.tag",
  "influxdb.image.imagePullPolicy", "influxdb.image.imagePullSecrets", "influxdb.adminUser.organization",
  "influxdb.adminUser.bucket", "influxdb.adminUser.user", "influxdb.adminUser.password", "influxdb.adminUser.token",
  "influxdb.persistence.enabled", "influxdb.resources", "influxdb.nodeSelector", "influxdb.tolerations",
  "influxdb.affinity",
  "influxdbExternal.enabled", "influxdbExternal.url", "influxdbExternal.bucket", "influxdbExternal.organization",
  "influxdbExternal.token", "influxdbExternal.tokenFromExistingSecret.enabled",
  "influxdbExternal.tokenFromExistingSecret.name", "influxdbExternal.tokenFromExistingSecret.key",
  "pgbouncer.enabled", "pgbouncer.image.repository", "pgbouncer.image.tag", "pgbouncer.image.imagePullPolicy",
  "pgbouncer.image.imagePullSecrets", "pgbouncer.replicaCount", "pgbouncer.deploymentStrategy",
  "pgbouncer.podAnnotations", "pgbouncer.resources", "pgbouncer.podLabels", "pgbouncer.extraEnv",
  "pgbouncer.nodeSelector", "pgbouncer.tolerations", "pgbouncer.affinity", "pgbouncer.podSecurityContext",
  "pgbouncer.securityContext", "pgbouncer.defaultSecurityContext.enabled", "pgbouncer.defaultSecurityContext",
  "pgbouncer.livenessProbe.failureThreshold", "pgbouncer.livenessProbe.initialDelaySeconds",
  "pgbouncer.livenessProbe.periodSeconds", "pgbouncer.livenessProbe.successThreshold",
  "pgbouncer.livenessProbe.timeoutSeconds",
  "pgbouncer.readinessProbe.failureThreshold", "pgbouncer.readinessProbe.initialDelaySeconds",
  "pgbouncer.readinessProbe.periodSeconds", "pgbouncer.readinessProbe.successThreshold",
  "pgbouncer.readinessProbe.timeoutSeconds",
  "service.influxdb.externalPort", "service.api.type", "service.api.port", "service.frontend.type",
  "service.frontend.port",
  "ingress.frontend.enabled", "ingress.frontend.ingressClassName", "ingress.frontend.annotations",
  "ingress.frontend.hosts[].host", "ingress.frontend.hosts[].paths", "ingress.frontend.tls",
  "ingress.api.enabled", "ingress.api.ingressClassName", "ingress.api.annotations", "ingress.api.hosts[].host",
  "ingress.api.hosts[].paths", "ingress.api.tls",
  "api.statsd.enabled", "api.statsd.host", "api.statsd.hostFromNodeIp", "api.statsd.port", "api.statsd.prefix",
  "api.logging.format", "common.labels", "common.annotations",
}

local function component(objects, kind, name)
  for _, o in ipairs(h.all(objects, kind)) do
    if o.metadata.labels["app.kubernetes.io/component"] == name then return o end
  end
end
local function api(o) return component(o, "Deployment", "api") end
local function fe(o) return component(o, "Deployment", "frontend") end
local function pgb(o) return component(o, "Deployment", "pgbouncer") end
local function influx(o)
  for _, s in ipairs(h.all(o, "StatefulSet")) do
    if s.spec.selector.matchLabels["app.kubernetes.io/component"] == nil then return s end
  end
end
local function c(d) return d.spec.template.spec.containers[1] end
local function pod(d) return d.spec.template.spec end
local function env(d) return (h.env(c(d))) end
local function db_url(o)
  local ref = env(api(o)).DATABASE_URL.valueFrom.secretKeyRef
  local s = h.find(o, "Secret", ref.name)
  return s and h.secret_data(s)[ref.key]
end
local function probe_is(p, v)
  return p.failureThreshold == v[1] and p.initialDelaySeconds == v[2] and p.periodSeconds == v[3]
    and p.successThreshold == v[4] and p.timeoutSeconds == v[5]
end
local function probe_values(v)
  return { failureThreshold = v[1], initialDelaySeconds = v[2], periodSeconds = v[3], successThreshold = v[4],
           timeoutSeconds = v[5] }
end
local PROBE = { 7, 11, 13, 2, 17 }

local CASES = {
  {
    name = "API image, pods and scheduling",
    keys = { "api.image.repository", "api.image.tag", "api.image.imagePullPolicy", "api.image.imagePullSecrets",
      "api.replicacount", "api.deploymentStrategy", "api.resources", "api.podLabels", "api.extraEnv",
      "api.nodeSelector", "api.tolerations", "api.affinity", "api.podSecurityContext",
      "api.defaultPodSecurityContext.enabled", "api.logging.format" },
    values = { api = {
      image = { repository = "registry.example/fs-api", tag = "9.9.9", imagePullPolicy = "Always",
        imagePullSecrets = { { name = "regcred" } } },
      replicacount = 3,
      deploymentStrategy = { type = "Recreate" },
      resources = { requests = { cpu = "100m" } },
      podLabels = { tier = "api" },
      extraEnv = { LOG_LEVEL = "DEBUG" },
      nodeSelector = { pool = "api" },
      tolerations = { { key = "api", operator = "Exists" } },
      affinity = { podAntiAffinity = { preferredDuringSchedulingIgnoredDuringExecution = {} } },
      podSecurityContext = { runAsUser = 1000 },
      defaultPodSecurityContext = { enabled = false },
      logging = { format = "json" },
    } },
    check = function(o)
      local d = api(o)
      return c(d).image == "registry.example/fs-api:9.9.9" and c(d).imagePullPolicy == "Always"
        and pod(d).imagePullSecrets[1].name == "regcred" and d.spec.replicas == 3
        and d.spec.strategy.type == "Recreate" and c(d).resources.requests.cpu == "100m"
        and d.spec.template.metadata.labels.tier == "api" and env(d).LOG_LEVEL.value == "DEBUG"
        and pod(d).nodeSelector.pool == "api" and pod(d).tolerations[1].key == "api"
        and pod(d).affinity.podAntiAffinity ~= nil and pod(d).securityContext.runAsUser == 1000
        and env(d).LOG_FORMAT.value == "json"
    end,
  },
  {
    name = "API probes",
    keys = { "api.livenessProbe.failureThreshold", "api.livenessProbe.initialDelaySeconds",
      "api.livenessProbe.periodSeconds", "api.livenessProbe.successThreshold", "api.livenessProbe.timeoutSeconds",
      "api.readinessProbe.failureThreshold", "api.readinessProbe.initialDelaySeconds",
      "api.readinessProbe.periodSeconds", "api.readinessProbe.successThreshold", "api.readinessProbe.timeoutSeconds" },
    values = { api = { livenessProbe = probe_values(PROBE), readinessProbe = probe_values(PROBE) } },
    check = function(o)
      return probe_is(c(api(o)).livenessProbe, PROBE) and probe_is(c(api(o)).readinessProbe, PROBE)
    end,
  },
  {
    name = "API secret key given",
    keys = { "api.secretKey" },
    values = { api = { secretKey = "given" } },
    check = function(o)
      return h.secret_data(h.find(o, "Secret", "flagsmith-django-secret-key"))["django-secret-key"] == "given"
    end,
  },
  {
    name = "API secret key from an existing Secret",
    keys = { "api.secretKeyFromExistingSecret.enabled", "api.secretKeyFromExistingSecret.name",
      "api.secretKeyFromExistingSecret.key" },
    values = { api = { secretKeyFromExistingSecret = { enabled = true, name = "dj", key = "k" } } },
    check = function(o)
      local ref = env(api(o)).DJANGO_SECRET_KEY.valueFrom.secretKeyRef
      return ref.name == "dj" and ref.key == "k"
    end,
  },
  {
    name = "database waiter",
    keys = { "api.dbWaiter.image.repository", "api.dbWaiter.image.tag", "api.dbWaiter.image.imagePullPolicy",
      "api.dbWaiter.timeoutSeconds" },
    values = { api = { dbWaiter = { enabled = true, timeoutSeconds = 99,
      image = { repository = "waiter", tag = "1", imagePullPolicy = "Always" } } } },
    check = function(o)
      local w = h.init_container(api(o), "wait-for-db")
      return w.image == "waiter:1" and w.imagePullPolicy == "Always" and w.command[4] == "--timeout=99"
    end,
  },
  {
    name = "all-in-one image",
    keys = { "api.separateApiAndFrontend" },
    values = { api = { separateApiAndFrontend = false } },
    check = function(o)
      return fe(o) == nil and h.find(o, "Service", "flagsmith-frontend").spec.selector["app.kubernetes.io/component"]
        == "api"
    end,
  },
  {
    name = "frontend off",
    keys = { "frontend.enabled" },
    values = { frontend = { enabled = false } },
    check = function(o) return fe(o) == nil and h.find(o, "Service", "flagsmith-frontend") == nil end,
  },
  {
    name = "frontend image, pods, scheduling and probes",
    keys = { "frontend.image.repository", "frontend.image.tag", "frontend.image.imagePullPolicy",
      "frontend.image.imagePullSecrets", "frontend.replicacount", "frontend.deploymentStrategy", "frontend.resources",
      "frontend.apiProxy.enabled", "frontend.extraEnv", "frontend.nodeSelector", "frontend.tolerations",
      "frontend.affinity",
      "frontend.livenessProbe.failureThreshold", "frontend.livenessProbe.initialDelaySeconds",
      "frontend.livenessProbe.periodSeconds", "frontend.livenessProbe.successThreshold",
      "frontend.livenessProbe.timeoutSeconds",
      "frontend.readinessProbe.failureThreshold", "frontend.readinessProbe.initialDelaySeconds",
      "frontend.readinessProbe.periodSeconds", "frontend.readinessProbe.successThreshold",
      "frontend.readinessProbe.timeoutSeconds" },
    values = { frontend = {
      image = { repository = "registry.example/fs-fe", tag = "8.8.8", imagePullPolicy = "Never",
        imagePullSecrets = { { name = "fecred" } } },
      replicacount = 2,
      deploymentStrategy = { type = "Recreate" },
      resources = { limits = { memory = "1Gi" } },
      apiProxy = { enabled = false },
      extraEnv = { THEME = "dark" },
      nodeSelector = { pool = "web" },
      tolerations = { { key = "web", operator = "Exists" } },
      affinity = { podAffinity = { preferredDuringSchedulingIgnoredDuringExecution = {} } },
      livenessProbe = probe_values(PROBE),
      readinessProbe = probe_values(PROBE),
    } },
    check = function(o)
      local d = fe(o)
      return c(d).image == "registry.example/fs-fe:8.8.8" and c(d).imagePullPolicy == "Never"
        and pod(d).imagePullSecrets[1].name == "fecred" and d.spec.replicas == 2
        and d.spec.strategy.type == "Recreate" and c(d).resources.limits.memory == "1Gi"
        and env(d).PROXY_API_URL == nil and env(d).THEME.value == "dark" and pod(d).nodeSelector.pool == "web"
        and pod(d).tolerations[1].key == "web" and pod(d).affinity.podAffinity ~= nil
        and probe_is(c(d).livenessProbe, PROBE) and probe_is(c(d).readinessProbe, PROBE)
    end,
  },
  {
    name = "in-cluster PostgreSQL settings",
    keys = { "postgresql.serviceAccount.enabled", "postgresql.postgresqlDatabase", "postgresql.postgresqlUsername",
      "postgresql.postgresqlPassword", "postgresql.postgresqlConfiguration" },
    values = { postgresql = { serviceAccount = { enabled = false }, postgresqlDatabase = "db1",
      postgresqlUsername = "user1", postgresqlPassword = "pw1", postgresqlConfiguration = { max_connections = "200" } } },
    check = function(o)
      return h.find(o, "ServiceAccount", "flagsmith-dev-postgresql") == nil
        and db_url(o) == "postgres://user1:pw1@flagsmith-dev-postgresql.default.svc.cluster.local:5432/db1"
        and h.find(o, "ConfigMap", "flagsmith-dev-postgresql-extended-configuration").data["override.conf"]
          == "max_connections = '200'"
    end,
  },
  {
    name = "name override",
    keys = { "nameOverride" },
    values = { nameOverride = "fs-app" },
    check = function(o) return h.find(o, "Deployment", "flagsmith-fs-app-api") ~= nil end,
  },
  {
    name = "external database from parts",
    keys = { "postgresql.enabled", "databaseExternal.enabled", "databaseExternal.type", "databaseExternal.host",
      "databaseExternal.port", "databaseExternal.database", "databaseExternal.username", "databaseExternal.password" },
    values = {
      postgresql = { enabled = false },
      databaseExternal = { enabled = true, type = "postgresql", host = "db", port = 6000, database = "d",
        username = "u", password = "p" },
    },
    check = function(o)
      return #h.all(o, "StatefulSet") == 0 and db_url(o) == "postgresql://u:p@db:6000/d"
    end,
  },
  {
    name = "external database URL",
    keys = { "databaseExternal.url" },
    values = { databaseExternal = { enabled = true, url = "postgres://a:b@c:1/d" } },
    check = function(o) return db_url(o) == "postgres://a:b@c:1/d" end,
  },
  {
    name = "external database URL from an existing Secret",
    keys = { "databaseExternal.urlFromExistingSecret.enabled", "databaseExternal.urlFromExistingSecret.name",
      "databaseExternal.urlFromExistingSecret.key" },
    values = { databaseExternal = { enabled = true, urlFromExistingSecret = { enabled = true, name = "n", key = "k" } } },
    check = function(o)
      local ref = env(api(o)).DATABASE_URL.valueFrom.secretKeyRef
      return ref.name == "n" and ref.key == "k"
    end,
  },
  {
    name = "in-cluster InfluxDB",
    keys = { "influxdb.enabled", "influxdb.nameOverride", "influxdb.image.repository", "influxdb.image.tag",
      "influxdb.image.imagePullPolicy", "influxdb.image.imagePullSecrets", "influxdb.adminUser.organization",
      "influxdb.adminUser.bucket", "influxdb.adminUser.user", "influxdb.adminUser.password",
      "influxdb.adminUser.token", "influxdb.persistence.enabled", "influxdb.resources", "influxdb.nodeSelector",
      "influxdb.tolerations", "influxdb.affinity", "service.influxdb.externalPort" },
    values = {
      influxdb = {
        enabled = true, nameOverride = "tsdb",
        image = { repository = "influxdb", tag = "2.7", imagePullPolicy = "Always", imagePullSecrets = { { name = "ic" } } },
        adminUser = { organization = "o", bucket = "b", user = "u", password = "pw", token = "tk" },
        persistence = { enabled = true },
        resources = { requests = { memory = "1Gi" } },
        nodeSelector = { pool = "data" },
        tolerations = { { key = "data", operator = "Exists" } },
        affinity = { nodeAffinity = { preferredDuringSchedulingIgnoredDuringExecution = {} } },
      },
      service = { influxdb = { externalPort = 8086 } },
    },
    check = function(o)
      local s = h.find(o, "StatefulSet", "flagsmith-tsdb")
      local e = h.env(c(s))
      local a = env(api(o))
      return c(s).image == "influxdb:2.7" and c(s).imagePullPolicy == "Always" and pod(s).imagePullSecrets[1].name == "ic"
        and e.DOCKER_INFLUXDB_INIT_ORG.value == "o" and e.DOCKER_INFLUXDB_INIT_BUCKET.value == "b"
        and e.DOCKER_INFLUXDB_INIT_USERNAME.value == "u"
        and h.secret_data(h.find(o, "Secret", "flagsmith-tsdb-auth"))["admin-password"] == "pw"
        and h.secret_data(h.find(o, "Secret", "flagsmith-tsdb-auth"))["admin-token"] == "tk"
        and h.find(o, "PersistentVolumeClaim", "flagsmith-tsdb") ~= nil
        and c(s).resources.requests.memory == "1Gi" and pod(s).nodeSelector.pool == "data"
        and pod(s).tolerations[1].key == "data" and pod(s).affinity.nodeAffinity ~= nil
        and a.INFLUXDB_URL.value == "http://flagsmith-tsdb.default.svc.cluster.local:8086"
    end,
  },
  {
    name = "external InfluxDB",
    keys = { "influxdbExternal.enabled", "influxdbExternal.url", "influxdbExternal.bucket",
      "influxdbExternal.organization", "influxdbExternal.token" },
    values = { influxdbExternal = { enabled = true, url = "http://i", bucket = "b", organization = "o", token = "t" } },
    check = function(o)
      local a = env(api(o))
      return a.INFLUXDB_URL.value == "http://i" and a.INFLUXDB_BUCKET.value == "b" and a.INFLUXDB_ORG.value == "o"
        and h.secret_data(h.find(o, "Secret", "flagsmith-influxdb2-external-auth"))["admin-token"] == "t"
    end,
  },
  {
    name = "external InfluxDB token from an existing Secret",
    keys = { "influxdbExternal.tokenFromExistingSecret.enabled", "influxdbExternal.tokenFromExistingSecret.name",
      "influxdbExternal.tokenFromExistingSecret.key" },
    values = { influxdbExternal = { enabled = true, url = "http://i", bucket = "b", organization = "o",
      tokenFromExistingSecret = { enabled = true, name = "tn", key = "tk" } } },
    check = function(o)
      local ref = env(api(o)).INFLUXDB_TOKEN.valueFrom.secretKeyRef
      return ref.name == "tn" and ref.key == "tk"
    end,
  },
  {
    name = "PgBouncer",
    keys = { "pgbouncer.enabled", "pgbouncer.image.repository", "pgbouncer.image.tag",
      "pgbouncer.image.imagePullPolicy", "pgbouncer.image.imagePullSecrets", "pgbouncer.replicaCount",
      "pgbouncer.deploymentStrategy", "pgbouncer.podAnnotations", "pgbouncer.resources", "pgbouncer.podLabels",
      "pgbouncer.extraEnv", "pgbouncer.nodeSelector", "pgbouncer.tolerations", "pgbouncer.affinity",
      "pgbouncer.podSecurityContext", "pgbouncer.securityContext", "pgbouncer.defaultSecurityContext",
      "pgbouncer.livenessProbe.failureThreshold", "pgbouncer.livenessProbe.initialDelaySeconds",
      "pgbouncer.livenessProbe.periodSeconds", "pgbouncer.livenessProbe.successThreshold",
      "pgbouncer.livenessProbe.timeoutSeconds",
      "pgbouncer.readinessProbe.failureThreshold", "pgbouncer.readinessProbe.initialDelaySeconds",
      "pgbouncer.readinessProbe.periodSeconds", "pgbouncer.readinessProbe.successThreshold",
      "pgbouncer.readinessProbe.timeoutSeconds" },
    values = { pgbouncer = {
      enabled = true,
      image = { repository = "pgb", tag = "1.2", imagePullPolicy = "Always", imagePullSecrets = { { name = "pc" } } },
      replicaCount = 2,
      deploymentStrategy = { type = "Recreate" },
      podAnnotations = { note = "x" },
      resources = { requests = { cpu = "50m" } },
      podLabels = { tier = "pool" },
      extraEnv = { PGBOUNCER_POOL_MODE = "transaction" },
      nodeSelector = { pool = "db" },
      tolerations = { { key = "db", operator = "Exists" } },
      affinity = { podAntiAffinity = { preferredDuringSchedulingIgnoredDuringExecution = {} } },
      podSecurityContext = { runAsUser = 1001 },
      securityContext = { readOnlyRootFilesystem = true },
      defaultSecurityContext = { runAsNonRoot = true },
      livenessProbe = probe_values(PROBE),
      readinessProbe = probe_values(PROBE),
    } },
    check = function(o)
      local d = pgb(o)
      return c(d).image == "pgb:1.2" and c(d).imagePullPolicy == "Always" and pod(d).imagePullSecrets[1].name == "pc"
        and d.spec.replicas == 2 and d.spec.strategy.type == "Recreate"
        and d.spec.template.metadata.annotations.note == "x" and c(d).resources.requests.cpu == "50m"
        and d.spec.template.metadata.labels.tier == "pool" and env(d).PGBOUNCER_POOL_MODE.value == "transaction"
        and pod(d).nodeSelector.pool == "db" and pod(d).tolerations[1].key == "db"
        and pod(d).affinity.podAntiAffinity ~= nil and pod(d).securityContext.runAsUser == 1001
        and c(d).securityContext.readOnlyRootFilesystem == true and c(d).securityContext.runAsNonRoot == true
        and c(d).securityContext.allowPrivilegeEscalation == false
        and probe_is(c(d).livenessProbe, PROBE) and probe_is(c(d).readinessProbe, PROBE)
    end,
  },
  {
    name = "PgBouncer without the default container security context",
    keys = { "pgbouncer.defaultSecurityContext.enabled" },
    values = { pgbouncer = { enabled = true, defaultSecurityContext = { enabled = false } } },
    check = function(o) return pgb(o) ~= nil and c(pgb(o)).securityContext == nil end,
  },
  {
    name = "Services",
    keys = { "service.api.type", "service.api.port", "service.frontend.type", "service.frontend.port" },
    values = { service = { api = { type = "NodePort", port = 8001 }, frontend = { type = "LoadBalancer", port = 80 } } },
    check = function(o)
      local a, f = h.find(o, "Service", "flagsmith-api"), h.find(o, "Service", "flagsmith-frontend")
      return a.spec.type == "NodePort" and a.spec.ports[1].port == 8001 and c(api(o)).ports[1].containerPort == 8001
        and f.spec.type == "LoadBalancer" and f.spec.ports[1].port == 80
        and env(fe(o)).PROXY_API_URL.value == "http://flagsmith-api.default:8001"
    end,
  },
  {
    name = "ingresses",
    keys = { "ingress.frontend.enabled", "ingress.frontend.ingressClassName", "ingress.frontend.annotations",
      "ingress.frontend.hosts[].host", "ingress.frontend.hosts[].paths", "ingress.frontend.tls",
      "ingress.api.enabled", "ingress.api.ingressClassName", "ingress.api.annotations", "ingress.api.hosts[].host",
      "ingress.api.hosts[].paths", "ingress.api.tls" },
    values = { ingress = {
      frontend = { enabled = true, ingressClassName = "a", annotations = { x = "1" },
        hosts = { { host = "f.example", paths = { "/app/" } } }, tls = { { hosts = { "f.example" }, secretName = "ft" } } },
      api = { enabled = true, ingressClassName = "b", annotations = { y = "2" },
        hosts = { { host = "a.example", paths = { "/api/" } } }, tls = { { hosts = { "a.example" }, secretName = "at" } } },
    } },
    check = function(o)
      local f, a = h.find(o, "Ingress", "flagsmith-frontend"), h.find(o, "Ingress", "flagsmith-api")
      return f.spec.ingressClassName == "a" and f.metadata.annotations.x == "1" and f.spec.rules[1].host == "f.example"
        and f.spec.rules[1].http.paths[1].path == "/app/" and f.spec.tls[1].secretName == "ft"
        and a.spec.ingressClassName == "b" and a.metadata.annotations.y == "2" and a.spec.rules[1].host == "a.example"
        and #a.spec.rules[1].http.paths == 1 and a.spec.tls[1].secretName == "at"
    end,
  },
  {
    name = "statsd with a host",
    keys = { "api.statsd.enabled", "api.statsd.host", "api.statsd.port", "api.statsd.prefix" },
    values = { api = { statsd = { enabled = true, host = "sd", port = 9000, prefix = "p" } } },
    check = function(o)
      local e = env(api(o))
      return e.STATSD_HOST.value == "sd" and e.STATSD_PORT.value == "9000" and e.STATSD_PREFIX.value == "p"
    end,
  },
  {
    name = "statsd on the node",
    keys = { "api.statsd.hostFromNodeIp" },
    values = { api = { statsd = { enabled = true, hostFromNodeIp = true } } },
    check = function(o) return env(api(o)).STATSD_HOST.valueFrom.fieldRef.fieldPath == "status.hostIP" end,
  },
  {
    name = "common labels and annotations",
    keys = { "common.labels", "common.annotations" },
    values = { common = { labels = { team = "t" }, annotations = { owner = "o" } } },
    check = function(o)
      for _, x in ipairs(o) do
        if x.metadata.labels.team ~= "t" or x.metadata.annotations == nil or x.metadata.annotations.owner ~= "o" then
          return false
        end
      end
      return true
    end,
  },
}

describe("the docs page's parameter table", function()
  it("is covered key for key by the cases below", function()
    local covered = {}
    for _, case in ipairs(CASES) do
      for _, key in ipairs(case.keys) do covered[key] = true end
    end
    local missing = {}
    for _, key in ipairs(DOCS_KEYS) do
      if not covered[key] then missing[#missing + 1] = key end
    end
    assert.same({}, missing)
  end)

  local defaults = h.render {}
  for _, case in ipairs(CASES) do
    it(case.name .. " changes the output", function()
      local ok, before = pcall(case.check, defaults)
      assert.is_false(ok and before == true, "the check already holds for the defaults")
      local objects = h.render { values = case.values }
      assert.is_true(case.check(objects))
    end)
  end
end)
