-- The application's database: in the cluster, external (URL, parts, or an
-- existing Secret), and the URL fsgen writes.
local h = require "flagsmith.helper"

local function database_url(objects, secret_name)
  return h.secret_data(h.find(objects, "Secret", secret_name)).DATABASE_URL
end

local function render_error(opts)
  local ok, err = pcall(h.render, opts)
  assert.is_false(ok, "expected an error")
  return tostring(err)
end

local function has_postgres(objects)
  return #h.all(objects, "StatefulSet") > 0
end

describe("flagsmith database", function()
  it("points at the in-cluster PostgreSQL Service by its real name", function()
    assert.equal("postgres://postgres:flagsmith@flagsmith-dev-postgresql.default.svc.cluster.local:5432/flagsmith",
      database_url(h.render {}, "flagsmith"))
    local objects = h.render { release = { name = "prod", namespace = "flags" } }
    assert.equal("postgres://postgres:flagsmith@prod-dev-postgresql.flags.svc.cluster.local:5432/flagsmith",
      database_url(objects, "prod-flagsmith"))
    assert.is_not_nil(h.find(objects, "Service", "prod-dev-postgresql"))
    objects = h.render { release = { name = h.LONG_NAME } }
    local pg_service
    for _, s in ipairs(h.all(objects, "Service")) do
      if s.spec.selector["app.kubernetes.io/name"] == "dev-postgresql" and s.spec.clusterIP == nil then
        pg_service = s.metadata.name
      end
    end
    local url
    for _, s in ipairs(h.all(objects, "Secret")) do
      url = url or h.secret_data(s).DATABASE_URL
    end
    assert.equal("postgres://postgres:flagsmith@" .. pg_service .. ".default.svc.cluster.local:5432/flagsmith", url)
  end)

  it("uses the docs page's postgresql.* keys", function()
    local objects = h.render { values = { postgresql = {
      postgresqlDatabase = "fsdb", postgresqlUsername = "fsuser", postgresqlPassword = "p@ss",
    } } }
    assert.equal("postgres://fsuser:p%40ss@flagsmith-dev-postgresql.default.svc.cluster.local:5432/fsdb",
      database_url(objects, "flagsmith"))
    local data = h.secret_data(h.find(objects, "Secret", "flagsmith-dev-postgresql"))
    assert.equal("p@ss", data.password)
    assert.equal("flagsmith", data["postgres-password"])
    local env = h.env(h.container(h.find(objects, "StatefulSet", "flagsmith-dev-postgresql")))
    assert.equal("fsuser", env.POSTGRES_USER.value)
    assert.equal("fsdb", env.POSTGRES_DB.value)
    assert.same({ name = "flagsmith-dev-postgresql", key = "password" }, env.POSTGRES_PASSWORD.valueFrom.secretKeyRef)
  end)

  it("is switched off by postgresql.enabled or devPostgresql.enabled", function()
    local values = { databaseExternal = { enabled = false } }
    assert.is_true(has_postgres(h.render { values = values }))
    local err = render_error { values = { postgresql = { enabled = false } } }
    assert.matches("no database is configured", err, 1, true)
    err = render_error { values = { devPostgresql = { enabled = false } } }
    assert.matches("no database is configured", err, 1, true)
    -- postgresql.enabled, when set, wins (Helm's dependency condition order).
    assert.is_true(has_postgres(h.render { values = { postgresql = { enabled = true }, devPostgresql = { enabled = false } } }))
  end)

  it("takes an external URL as given and drops the in-cluster database", function()
    local objects = h.render { values = { databaseExternal = {
      enabled = true, url = "postgres://u:p@db.example.com:6543/fs?sslmode=require",
      host = "ignored", username = "ignored", password = "ignored", database = "ignored",
    } } }
    assert.equal("postgres://u:p@db.example.com:6543/fs?sslmode=require", database_url(objects, "flagsmith"))
    assert.is_false(has_postgres(objects))
    for _, o in ipairs(objects) do
      assert.not_equal("dev-postgresql", o.metadata.labels["app.kubernetes.io/name"], o.kind)
    end
  end)

  it("builds the URL from parts, escaping user and password", function()
    local objects = h.render { values = { databaseExternal = {
      enabled = true, host = "db.internal", port = 5433, database = "flags",
      username = "app@corp", password = "p:a/s#s[w]o%rd",
    } } }
    local url = database_url(objects, "flagsmith")
    assert.equal("postgres://app%40corp:p%3Aa%2Fs%23s%5Bw%5Do%25rd@db.internal:5433/flags", url)
  end)

  it("names each missing part", function()
    local base = { enabled = true, host = "h", database = "d", username = "u", password = "p" }
    for _, key in ipairs { "host", "database", "username", "password" } do
      local values = {}
      for k, v in pairs(base) do values[k] = v end
      values[key] = nil
      local err = render_error { values = { databaseExternal = values } }
      assert.matches("databaseExternal." .. key .. ": required", err, 1, true)
    end
  end)

  it("references an existing Secret and writes no URL anywhere", function()
    local objects = h.render { values = { databaseExternal = {
      enabled = true, urlFromExistingSecret = { enabled = true, name = "db-url", key = "URL" },
      url = "postgres://leaked:secret@host/db",
    } } }
    assert.is_nil(h.find(objects, "Secret", "flagsmith"))
    for _, d in ipairs(h.all(objects, "Deployment")) do
      for _, c in ipairs(d.spec.template.spec.containers) do
        local env = h.env(c)
        if env.DATABASE_URL then
          assert.same({ name = "db-url", key = "URL" }, env.DATABASE_URL.valueFrom.secretKeyRef)
        end
      end
    end
    local text = h.to_json(objects)
    assert.is_nil(text:find("postgres://", 1, true))
    assert.is_nil(text:find("cG9zdGdyZXM6Ly", 1, true), "no base64 URL either")
    local err = render_error { values = { databaseExternal = { enabled = true,
      urlFromExistingSecret = { enabled = true, key = "URL" } } } }
    assert.matches("databaseExternal.urlFromExistingSecret.name: required", err, 1, true)
  end)

  it("rolls the API pods when the database password changes", function()
    local function checksum(password)
      local objects = h.render { values = { databaseExternal = { enabled = true, host = "h", database = "d",
        username = "u", password = password } } }
      return h.find(objects, "Deployment", "flagsmith-api").spec.template.metadata.annotations["checksum/secrets-api"]
    end
    assert.matches("^%x+$", checksum("one"))
    assert.equal(checksum("one"), checksum("one"))
    assert.not_equal(checksum("one"), checksum("two"))
  end)

  it("writes Secret data as standard base64", function()
    for text, encoded in pairs { a = "YQ==", ab = "YWI=", abc = "YWJj", flagsmith = "ZmxhZ3NtaXRo" } do
      local objects = h.render { values = { api = { secretKey = text } } }
      assert.equal(encoded, h.find(objects, "Secret", "flagsmith-django-secret-key").data["django-secret-key"])
    end
  end)
end)
