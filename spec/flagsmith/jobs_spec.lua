-- The migrate-db and migrate-analytics-data Jobs: the API's image and
-- environment, their settings, and names that follow their content.
local h = require "flagsmith.helper"

local function job(values, component, release)
  for _, j in ipairs(h.all(h.render { values = values, release = release }, "Job")) do
    if j.metadata.labels["app.kubernetes.io/component"] == component then return j end
  end
end

local function migrate_db(values, release)
  values = values or {}
  values.jobs = values.jobs or {}
  values.jobs.migrateDb = values.jobs.migrateDb or {}
  values.jobs.migrateDb.enabled = true
  return job(values, "job-migrate-db", release)
end

local function migrate_analytics(values)
  values = values or {}
  values.jobs = values.jobs or {}
  values.jobs.migrateAnalyticsData = values.jobs.migrateAnalyticsData or {}
  values.jobs.migrateAnalyticsData.enabled = true
  return job(values, "job-migrate-analytics-data")
end

describe("flagsmith jobs", function()
  it("are off by default", function()
    assert.is_nil(job({}, "job-migrate-db"))
    assert.is_nil(job({}, "job-migrate-analytics-data"))
  end)

  describe("migrate-db", function()
    for _, release in ipairs(h.RELEASES) do
      it("migrates with the API's image and environment for " .. release.name:sub(1, 12), function()
        local objects = h.render { release = release, values = { jobs = { migrateDb = { enabled = true } } } }
        local j
        for _, x in ipairs(h.all(objects, "Job")) do
          if x.metadata.labels["app.kubernetes.io/component"] == "job-migrate-db" then j = x end
        end
        local api
        for _, d in ipairs(h.all(objects, "Deployment")) do
          if d.spec.selector.matchLabels["app.kubernetes.io/component"] == "api" then api = d end
        end
        assert.is_true(#j.metadata.name <= 63, "a Job's name is a label value of its pods")
        if release.name == "prod" then assert.matches("^prod%-flagsmith%-migrate%-db%-%x%x%x%x%x%x%x%x$", j.metadata.name) end
        assert.equal(release.namespace, j.metadata.namespace)
        local c = h.container(j)
        local api_c = h.container(api, "flagsmith-api")
        assert.equal("migrate-db", c.name)
        assert.equal(api_c.image, c.image)
        assert.equal("IfNotPresent", c.imagePullPolicy)
        assert.same({ "migrate" }, c.args)
        assert.same(api_c.env, c.env)
        assert.equal("OnFailure", j.spec.template.spec.restartPolicy)
        assert.equal(3600, j.spec.ttlSecondsAfterFinished)
        local labels = j.spec.template.metadata.labels
        assert.equal("job-migrate-db", labels["app.kubernetes.io/component"])
        assert.equal(api.spec.selector.matchLabels["app.kubernetes.io/instance"], labels["app.kubernetes.io/instance"])
      end)
    end

    it("is named after its content: the same values give the same Job, a new image a new one", function()
      local a, b = migrate_db(), migrate_db()
      assert.equal(a.metadata.name, b.metadata.name)
      local c = migrate_db { api = { image = { tag = "2.300.0" } } }
      assert.not_equal(a.metadata.name, c.metadata.name)
      assert.equal("docker.flagsmith.com/flagsmith/flagsmith-api:2.300.0", h.container(c).image)
      local d = migrate_db { jobs = { migrateDb = { podLabels = { tier = "batch" } } } }
      assert.not_equal(a.metadata.name, d.metadata.name, "a Job's template cannot change in place")
    end)

    it("may use its own database URL, as the one DATABASE_URL entry", function()
      local j = migrate_db { jobs = { migrateDb = { databaseUrl = { fromExistingSecret = {
        enabled = true, name = "flagsmith-migrations", key = "url" } } } } }
      local env, order = h.env(h.container(j))
      assert.same({ name = "flagsmith-migrations", key = "url" }, env.DATABASE_URL.valueFrom.secretKeyRef)
      assert.equal("DATABASE_URL", order[2], "in the chart's place")
      local err = h.render_error { values = { jobs = { migrateDb = { enabled = true,
        databaseUrl = { fromExistingSecret = { enabled = true, name = "x" } } } } } }
      assert.matches("jobs.migrateDb.databaseUrl.fromExistingSecret.key: required when "
        .. "jobs.migrateDb.databaseUrl.fromExistingSecret.enabled is true", err, 1, true)
    end)

    it("takes every jobs.migrateDb setting", function()
      local settings = {
        ttlSecondsAfterFinished = 600,
        restartPolicy = "Never",
        podSecurityContext = { runAsUser = 1000 },
        jobAnnotations = { ["sidecar.istio.io/inject"] = "false" },
        podLabels = { tier = "batch" },
        nodeSelector = { pool = "batch" },
        tolerations = { { key = "batch", operator = "Exists" } },
        affinity = { podAntiAffinity = {} },
        serviceAccountName = "migrations",
        shareProcessNamespace = true,
        extraContainers = "- name: proxy\n  image: cloud-sql-proxy\n",
        extraVolumes = { { name = "creds", secret = { secretName = "creds" } } },
        command = { "python" },
        args = { "manage.py", "migrate", "--noinput" },
      }
      local j = migrate_db { jobs = { migrateDb = settings },
        global = { image = { imagePullSecrets = { { name = "registry" } } } } }
      local spec = j.spec.template.spec
      assert.equal(600, j.spec.ttlSecondsAfterFinished)
      assert.equal("Never", spec.restartPolicy)
      assert.same({ runAsUser = 1000 }, spec.securityContext)
      assert.equal("false", j.spec.template.metadata.annotations["sidecar.istio.io/inject"])
      assert.equal("batch", j.spec.template.metadata.labels.tier)
      assert.same({ pool = "batch" }, spec.nodeSelector)
      assert.same(settings.tolerations, spec.tolerations)
      assert.equal("migrations", spec.serviceAccountName)
      assert.is_true(spec.shareProcessNamespace)
      assert.equal("proxy", spec.containers[2].name)
      assert.same(settings.extraVolumes, spec.volumes)
      assert.same({ { name = "registry" } }, spec.imagePullSecrets)
      assert.same({ "python" }, spec.containers[1].command)
      assert.same({ "manage.py", "migrate", "--noinput" }, spec.containers[1].args)
    end)

    it("can replace the API's migrate-db init container", function()
      local objects = h.render { values = { api = { enableMigrateDbInitContainer = false },
        jobs = { migrateDb = { enabled = true } } } }
      assert.is_nil(h.init_container(h.find(objects, "Deployment", "flagsmith-api"), "migrate-db"))
      assert.equal(1, #h.all(objects, "Job") - 1, "the migrate-db Job besides the secret key's")
    end)
  end)

  describe("migrate-analytics-data", function()
    it("moves analytics with the API's image and environment", function()
      local j = migrate_analytics { influxdbExternal = { enabled = true, url = "http://influx:8086", bucket = "b",
        organization = "o", token = "t" } }
      assert.matches("^flagsmith%-migrate%-analytics%-data%-%x+$", j.metadata.name)
      local c = h.container(j)
      assert.equal("migrate-analytics-data", c.name)
      assert.same({ "python", "manage.py", "migrate_analytics" }, c.command)
      assert.is_nil(c.args)
      assert.equal("http://influx:8086", h.env(c).INFLUXDB_URL.value)
      assert.equal("Never", j.spec.template.spec.restartPolicy)
      assert.is_nil(j.spec.template.spec.shareProcessNamespace)
      assert.equal("job-migrate-analytics-data", j.spec.template.metadata.labels["app.kubernetes.io/component"])
    end)

    it("takes its own args and extras, and migrate-db's identity", function()
      local j = migrate_analytics { jobs = {
        migrateDb = { serviceAccountName = "migrations", shareProcessNamespace = true,
          extraContainers = { { name = "not-here", image = "x" } } },
        migrateAnalyticsData = { args = { "--since", "2024-01-01" },
          extraContainers = { { name = "proxy", image = "cloud-sql-proxy" } },
          extraVolumes = { { name = "creds", emptyDir = {} } } },
      } }
      local spec = j.spec.template.spec
      assert.same({ "--since", "2024-01-01" }, spec.containers[1].args)
      assert.equal("migrations", spec.serviceAccountName)
      assert.is_true(spec.shareProcessNamespace)
      assert.equal(2, #spec.containers)
      assert.equal("proxy", spec.containers[2].name)
      assert.same({ { name = "creds", emptyDir = {} } }, spec.volumes)
    end)
  end)

  it("the generated secret's Job follows its template too", function()
    local function secret_job(values)
      for _, j in ipairs(h.all(h.render { values = values }, "Job")) do
        if j.metadata.labels["app.kubernetes.io/component"] == "django-secret-init" then return j end
      end
    end
    local a, b = secret_job {}, secret_job { common = { labels = { team = "flags" } } }
    assert.equal("flags", b.spec.template.metadata.labels.team)
    assert.not_equal(a.metadata.name, b.metadata.name)
  end)

  it("pass k8s-validate", function()
    if not h.validator_available() then return pending("k8s-validate not found beside the project") end
    local objects = h.render { values = { jobs = { migrateDb = { enabled = true }, migrateAnalyticsData = {
      enabled = true } } } }
    local ok, output = h.validate(objects)
    assert.is_true(ok, output)
  end)
end)
