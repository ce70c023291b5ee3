-- The in-cluster PostgreSQL: the Bitnami dependency's immutable fields, so an
-- existing Helm-installed database is adopted, and its settings.
local h = require "flagsmith.helper"

describe("flagsmith in-cluster PostgreSQL", function()
  for _, release in ipairs { { name = "flagsmith", base = "flagsmith-dev-postgresql" },
                             { name = "prod", base = "prod-dev-postgresql" } } do
    it("keeps Bitnami's StatefulSet identity for release " .. release.name, function()
      local objects = h.render { release = { name = release.name, namespace = "flags" } }
      local sts = h.find(objects, "StatefulSet", release.base)
      assert.is_not_nil(sts)
      assert.equal(release.base .. "-hl", sts.spec.serviceName)
      assert.equal(1, sts.spec.replicas)
      assert.same({
        ["app.kubernetes.io/name"] = "dev-postgresql",
        ["app.kubernetes.io/instance"] = release.name,
        ["app.kubernetes.io/component"] = "primary",
      }, sts.spec.selector.matchLabels)
      -- The claim template that makes PVC data-<name>-0.
      assert.same({
        {
          apiVersion = "v1", kind = "PersistentVolumeClaim",
          metadata = { name = "data" },
          spec = { accessModes = { "ReadWriteOnce" }, resources = { requests = { storage = "8Gi" } } },
        },
      }, sts.spec.volumeClaimTemplates)
      local c = h.container(sts, "postgresql")
      local env = h.env(c)
      assert.equal("/bitnami/postgresql/data", env.PGDATA.value)
      assert.equal("/bitnami/postgresql", env.POSTGRESQL_VOLUME_DIR.value)
      assert.equal("docker.io/bitnamilegacy/postgresql:15.3.0-debian-11-r7", c.image)
      local mounts = {}
      for _, m in ipairs(c.volumeMounts) do mounts[m.name] = m.mountPath end
      assert.equal("/bitnami/postgresql", mounts.data)
      assert.equal(1001, c.securityContext.runAsUser)
      assert.same({ fsGroup = 1001 }, sts.spec.template.spec.securityContext)
      assert.equal(release.base, sts.spec.template.spec.serviceAccountName)

      local svc = h.find(objects, "Service", release.base)
      local headless = h.find(objects, "Service", release.base .. "-hl")
      assert.equal("None", headless.spec.clusterIP)
      assert.is_true(headless.spec.publishNotReadyAddresses)
      assert.is_nil(svc.spec.clusterIP)
      for _, s in ipairs { svc, headless } do
        assert.same(sts.spec.selector.matchLabels, s.spec.selector)
        assert.same({ { name = "tcp-postgresql", port = 5432, targetPort = "tcp-postgresql" } }, s.spec.ports)
      end
      local secret = h.find(objects, "Secret", release.base)
      assert.same({ ["postgres-password"] = "flagsmith" }, h.secret_data(secret))
      assert.same({ name = release.base, key = "postgres-password" }, env.POSTGRES_PASSWORD.valueFrom.secretKeyRef)
      assert.is_not_nil(h.find(objects, "ServiceAccount", release.base))
      assert.equal("fsgen", sts.metadata.labels["app.kubernetes.io/managed-by"])
    end)
  end

  it("writes postgresqlConfiguration as server settings the server reads", function()
    local objects = h.render { values = { postgresql = { postgresqlConfiguration = {
      max_connections = "200", sharedBuffers = "256MB",
    } } } }
    local cm = h.find(objects, "ConfigMap", "flagsmith-dev-postgresql-extended-configuration")
    assert.is_not_nil(cm)
    assert.equal("max_connections = '200'\nshared_buffers = '256MB'", cm.data["override.conf"])
    local sts = h.find(objects, "StatefulSet", "flagsmith-dev-postgresql")
    local mounted
    for _, m in ipairs(h.container(sts).volumeMounts) do
      if m.name == "postgresql-extended-config" then mounted = m.mountPath end
    end
    assert.equal("/bitnami/postgresql/conf/conf.d/", mounted)
    local sum = sts.spec.template.metadata.annotations["checksum/extended-configuration"]
    assert.matches("^%x+$", sum)
    local other = h.render { values = { postgresql = { postgresqlConfiguration = { max_connections = "300" } } } }
    assert.not_equal(sum, h.find(other, "StatefulSet", "flagsmith-dev-postgresql")
      .spec.template.metadata.annotations["checksum/extended-configuration"])
    assert.is_nil(h.find(h.render {}, "ConfigMap", "flagsmith-dev-postgresql-extended-configuration"))
  end)

  it("switches the ServiceAccount off by either spelling", function()
    local objects = h.render { values = { postgresql = { serviceAccount = { enabled = false } } } }
    assert.is_nil(h.find(objects, "ServiceAccount", "flagsmith-dev-postgresql"))
    assert.equal("default", h.find(objects, "StatefulSet", "flagsmith-dev-postgresql").spec.template.spec.serviceAccountName)
    objects = h.render { values = { devPostgresql = { serviceAccount = { create = false } } } }
    assert.is_nil(h.find(objects, "ServiceAccount", "flagsmith-dev-postgresql"))
  end)

  it("honours persistence settings", function()
    local objects = h.render { values = { devPostgresql = { primary = { persistence = {
      size = "20Gi", storageClass = "fast" } } } } }
    local vct = h.find(objects, "StatefulSet", "flagsmith-dev-postgresql").spec.volumeClaimTemplates[1]
    assert.equal("20Gi", vct.spec.resources.requests.storage)
    assert.equal("fast", vct.spec.storageClassName)
    objects = h.render { values = { devPostgresql = { primary = { persistence = { enabled = false } } } } }
    local sts = h.find(objects, "StatefulSet", "flagsmith-dev-postgresql")
    assert.is_nil(sts.spec.volumeClaimTemplates)
    local data
    for _, v in ipairs(sts.spec.template.spec.volumes) do if v.name == "data" then data = v end end
    assert.same({ name = "data", emptyDir = {} }, data)
  end)

  it("requires a password for a custom database user", function()
    local ok, err = pcall(h.render, { values = { devPostgresql = { auth = { username = "app" } } } })
    assert.is_false(ok)
    assert.matches("devPostgresql.auth.password: required", tostring(err), 1, true)
  end)
end)
