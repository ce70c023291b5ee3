-- PgBouncer between the application and the database.
local h = require "flagsmith.helper"

local function render_error(opts)
  local ok, err = pcall(h.render, opts)
  assert.is_false(ok, "expected an error")
  return tostring(err)
end

local function component(objects, kind, name)
  for _, o in ipairs(h.all(objects, kind)) do
    if o.metadata.labels["app.kubernetes.io/component"] == name then return o end
  end
end

describe("flagsmith PgBouncer", function()
  for _, release in ipairs(h.RELEASES) do
    it("points DATABASE_URL at the PgBouncer Service's real name for release " .. release.name:sub(1, 12), function()
      local objects = h.render { release = release, values = { pgbouncer = { enabled = true } } }
      local service = component(objects, "Service", "pgbouncer")
      assert.same({ { name = "postgres", port = 5432, targetPort = 5432, protocol = "TCP" } }, service.spec.ports)
      local deployment = component(objects, "Deployment", "pgbouncer")
      assert.same(deployment.spec.selector.matchLabels, service.spec.selector)
      local api = component(objects, "Deployment", "api")
      local ref = h.env(h.container(api)).DATABASE_URL.valueFrom.secretKeyRef
      local url = h.secret_data(h.find(objects, "Secret", ref.name)).DATABASE_URL
      assert.equal("postgres://postgres:flagsmith@" .. service.metadata.name .. "." .. release.namespace
        .. ".svc.cluster.local/flagsmith", url)
    end)
  end

  it("gives PgBouncer the server's credentials from the real URL", function()
    local objects = h.render { release = { name = "prod" }, values = {
      pgbouncer = { enabled = true },
      databaseExternal = { enabled = true, url = "postgres://app%40corp:p%3Ass@db.example.com:6432/flags" },
    } }
    local secret = h.find(objects, "Secret", "prod-flagsmith-pgbouncer")
    assert.same({
      POSTGRESQL_HOST = "db.example.com",
      POSTGRESQL_DATABASE = "flags",
      POSTGRESQL_USER = "app@corp",
      POSTGRESQL_PASSWORD = "p:ss",
    }, h.secret_data(secret))
    local deployment = h.find(objects, "Deployment", "prod-flagsmith-pgbouncer")
    local c = h.container(deployment, "flagsmith-pgbouncer")
    local env = h.env(c)
    assert.same({ name = "prod-flagsmith-pgbouncer", key = "POSTGRESQL_USER" }, env.POSTGRESQL_USERNAME.valueFrom.secretKeyRef)
    assert.same({ name = "prod-flagsmith-pgbouncer", key = "POSTGRESQL_DATABASE" },
      env.PGBOUNCER_DATABASE.valueFrom.secretKeyRef)
    assert.equal("5432", env.PGBOUNCER_PORT.value)
    assert.equal("6432", env.POSTGRESQL_PORT.value, "a non-default server port reaches PgBouncer")
    assert.equal("bitnamilegacy/pgbouncer:1.16.0", c.image)
    assert.same({ port = 5432 }, c.livenessProbe.tcpSocket)
    assert.same({ "/bin/sh", "-c", "killall -INT pgbouncer && sleep 120" }, c.lifecycle.preStop.exec.command)
    assert.same({ allowPrivilegeEscalation = false, capabilities = { drop = { "all" } } }, c.securityContext)
    assert.matches("^%x+$", deployment.spec.template.metadata.annotations["checksum/secrets-pgbouncer"])
    local url = h.secret_data(h.find(objects, "Secret", "prod-flagsmith")).DATABASE_URL
    assert.equal("postgres://app%40corp:p%3Ass@prod-flagsmith-pgbouncer.default.svc.cluster.local/flags", url)
  end)

  it("honours replicaCount and passwordOverride", function()
    local objects = h.render { values = { pgbouncer = { enabled = true, replicaCount = 3, passwordOverride = "pw" } } }
    assert.equal(3, h.find(objects, "Deployment", "flagsmith-pgbouncer").spec.replicas)
    assert.equal("pw", h.secret_data(h.find(objects, "Secret", "flagsmith-pgbouncer")).POSTGRESQL_PASSWORD)
  end)

  it("uses existing credentials, and needs them when the URL is in an existing Secret", function()
    local err = render_error { values = { pgbouncer = { enabled = true }, databaseExternal = { enabled = true,
      urlFromExistingSecret = { enabled = true, name = "db", key = "url" } } } }
    assert.matches("pgbouncer.credentialsFromExistingSecret.enabled: required", err, 1, true)
    local objects = h.render { values = {
      pgbouncer = { enabled = true, credentialsFromExistingSecret = { enabled = true, name = "pgb-creds" } },
      databaseExternal = { enabled = true, urlFromExistingSecret = { enabled = true, name = "db", key = "url" } },
    } }
    assert.is_nil(h.find(objects, "Secret", "flagsmith-pgbouncer"))
    local deployment = h.find(objects, "Deployment", "flagsmith-pgbouncer")
    local env = h.env(h.container(deployment))
    assert.equal("pgb-creds", env.POSTGRESQL_HOST.valueFrom.secretKeyRef.name)
    assert.is_nil(env.POSTGRESQL_PORT)
    assert.is_nil((deployment.spec.template.metadata.annotations or {})["checksum/secrets-pgbouncer"])
  end)

  it("renders nothing when off", function()
    local objects = h.render {}
    assert.is_nil(component(objects, "Deployment", "pgbouncer"))
    assert.is_nil(component(objects, "Service", "pgbouncer"))
  end)
end)
