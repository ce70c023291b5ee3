-- InfluxDB in the cluster (the docs page's influxdb.* keys).
local h = require "flagsmith.helper"

local function api_env(objects)
  for _, d in ipairs(h.all(objects, "Deployment")) do
    if d.spec.selector.matchLabels["app.kubernetes.io/component"] == "api" then
      return h.env(h.container(d)), d
    end
  end
end

describe("flagsmith in-cluster InfluxDB", function()
  it("is off by default", function()
    local objects = h.render {}
    assert.same({}, h.all(objects, "PersistentVolumeClaim"))
    assert.is_nil(h.find(objects, "StatefulSet", "flagsmith-influxdb"))
    assert.equal("true", api_env(objects).DISABLE_ANALYTICS_FEATURES.value)
  end)

  it("runs InfluxDB and wires the API to it", function()
    local objects = h.render { release = { name = "prod", namespace = "flags" }, values = { influxdb = {
      enabled = true, adminUser = { organization = "acme", bucket = "flagsmith_api", user = "root" },
    } } }
    local sts = h.find(objects, "StatefulSet", "prod-influxdb")
    assert.is_not_nil(sts)
    assert.equal("prod-influxdb", sts.spec.serviceName)
    assert.same({ ["app.kubernetes.io/name"] = "influxdb", ["app.kubernetes.io/instance"] = "prod" },
      sts.spec.selector.matchLabels)
    local c = h.container(sts)
    assert.equal("quay.io/influxdb/influxdb:v2.0.2", c.image)
    local env = h.env(c)
    assert.equal("acme", env.DOCKER_INFLUXDB_INIT_ORG.value)
    assert.equal("flagsmith_api", env.DOCKER_INFLUXDB_INIT_BUCKET.value)
    assert.equal("root", env.DOCKER_INFLUXDB_INIT_USERNAME.value)
    assert.same({ name = "prod-influxdb-auth", key = "admin-token" },
      env.DOCKER_INFLUXDB_INIT_ADMIN_TOKEN.valueFrom.secretKeyRef)
    local svc = h.find(objects, "Service", "prod-influxdb")
    assert.same({ { name = "http", port = 8080, targetPort = "http", protocol = "TCP" } }, svc.spec.ports)
    local api = api_env(objects)
    assert.equal("http://prod-influxdb.flags.svc.cluster.local:8080", api.INFLUXDB_URL.value)
    assert.equal("flagsmith_api", api.INFLUXDB_BUCKET.value)
    assert.equal("acme", api.INFLUXDB_ORG.value)
    assert.same({ name = "prod-influxdb-auth", key = "admin-token" }, api.INFLUXDB_TOKEN.valueFrom.secretKeyRef)
    assert.is_nil(api.DISABLE_ANALYTICS_FEATURES)
  end)

  it("generates the password and token once in the cluster unless both are given", function()
    local objects = h.render { values = { influxdb = { enabled = true } } }
    assert.is_nil(h.find(objects, "Secret", "flagsmith-influxdb-auth"))
    local job
    for _, j in ipairs(h.all(objects, "Job")) do
      if j.metadata.labels["app.kubernetes.io/component"] == "influxdb-auth-init" then job = j end
    end
    local env = h.env(job.spec.template.spec.containers[1])
    assert.equal("flagsmith-influxdb-auth", env.SECRET_NAME.value)
    assert.equal("admin-password admin-token", env.SECRET_KEYS.value)

    objects = h.render { values = { influxdb = { enabled = true, adminUser = { password = "pw", token = "tk" } } } }
    local secret = h.find(objects, "Secret", "flagsmith-influxdb-auth")
    assert.same({ ["admin-password"] = "pw", ["admin-token"] = "tk" }, h.secret_data(secret))
    for _, j in ipairs(h.all(objects, "Job")) do
      assert.not_equal("influxdb-auth-init", j.metadata.labels["app.kubernetes.io/component"])
    end
    local _, api = api_env(objects)
    assert.matches("^%x+$", api.spec.template.metadata.annotations["checksum/secrets-influxdb"])

    local ok, err = pcall(h.render, { values = { influxdb = { enabled = true, adminUser = { password = "pw" } } } })
    assert.is_false(ok)
    assert.matches("influxdb.adminUser.token: required", tostring(err), 1, true)
  end)

  it("keeps data on a claim when persistence is on", function()
    local objects = h.render { values = { influxdb = { enabled = true, persistence = {
      enabled = true, size = "5Gi", storageClass = "-" } } } }
    local pvc = h.find(objects, "PersistentVolumeClaim", "flagsmith-influxdb")
    assert.equal("5Gi", pvc.spec.resources.requests.storage)
    assert.equal("", pvc.spec.storageClassName)
    local volumes = h.find(objects, "StatefulSet", "flagsmith-influxdb").spec.template.spec.volumes
    assert.same({ { name = "data", persistentVolumeClaim = { claimName = "flagsmith-influxdb" } } }, volumes)
  end)

  it("schedules and sizes as configured", function()
    local objects = h.render { values = { influxdb = { enabled = true, resourcesPreset = "small",
      nodeSelector = { disk = "ssd" }, tolerations = { { key = "k", operator = "Exists" } },
      image = { imagePullSecrets = { "regcred" } } } } }
    local pod = h.find(objects, "StatefulSet", "flagsmith-influxdb").spec.template.spec
    assert.same({ disk = "ssd" }, pod.nodeSelector)
    assert.same({ { key = "k", operator = "Exists" } }, pod.tolerations)
    assert.same({ { name = "regcred" } }, pod.imagePullSecrets)
    assert.equal("250m", pod.containers[1].resources.requests.cpu)
  end)

  it("refuses two InfluxDBs", function()
    local ok, err = pcall(h.render, { values = { influxdb = { enabled = true }, influxdbExternal = { enabled = true } } })
    assert.is_false(ok)
    assert.matches("influxdb.enabled: set together with influxdbExternal.enabled", tostring(err), 1, true)
  end)
end)
