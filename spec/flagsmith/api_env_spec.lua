-- The API's environment contract.
local core = require "fsgen.core"
local h = require "flagsmith.helper"

local function api_env(opts)
  local objects = h.render(opts)
  local api
  for _, d in ipairs(h.all(objects, "Deployment")) do
    if d.spec.selector.matchLabels["app.kubernetes.io/component"] == "api" then api = d end
  end
  local env, order = h.env(h.container(api, "flagsmith-api"))
  return env, order, api, objects
end

local function render_error(opts)
  local ok, err = pcall(h.render, opts)
  assert.is_false(ok, "expected an error")
  return tostring(err)
end

describe("flagsmith API environment", function()
  for _, release in ipairs(h.RELEASES) do
    it("reads DATABASE_URL and DJANGO_SECRET_KEY from Secrets for release " .. release.name:sub(1, 12), function()
      local env, _, _, objects = api_env { release = release }
      local db_secret = env.DATABASE_URL.valueFrom.secretKeyRef
      assert.equal("DATABASE_URL", db_secret.key)
      local secret = h.find(objects, "Secret", db_secret.name)
      assert.is_not_nil(secret, "the Secret DATABASE_URL names is rendered")
      assert.is_not_nil(h.secret_data(secret).DATABASE_URL)
      local key = env.DJANGO_SECRET_KEY.valueFrom.secretKeyRef
      assert.equal("django-secret-key", key.key)
      assert.matches("%-django%-secret%-key$", key.name)
    end)
  end

  it("has the chart's entries, in the chart's order", function()
    local _, order = api_env {}
    assert.same({
      "PROMETHEUS_ENABLED", "DATABASE_URL", "DJANGO_SECRET_KEY", "DISABLE_ANALYTICS_FEATURES",
      "DJANGO_ALLOWED_HOSTS", "ENABLE_ADMIN_ACCESS_USER_PASS", "USE_X_FORWARDED_HOST", "LOG_FORMAT",
    }, order)
    local env = api_env {}
    assert.equal("true", env.PROMETHEUS_ENABLED.value)
    assert.equal("*", env.DJANGO_ALLOWED_HOSTS.value)
    assert.equal("true", env.ENABLE_ADMIN_ACCESS_USER_PASS.value, "a boolean extraEnv value is written as a string")
    assert.equal("true", env.USE_X_FORWARDED_HOST.value)
    assert.equal("generic", env.LOG_FORMAT.value)
    assert.equal("true", env.DISABLE_ANALYTICS_FEATURES.value)
  end)

  it("follows prometheus, the proxy switch and the log format", function()
    local env = api_env { values = {
      prometheus = { enabled = false },
      frontend = { apiProxy = { enabled = false } },
      api = { logging = { format = "json" } },
    } }
    assert.equal("false", env.PROMETHEUS_ENABLED.value)
    assert.is_nil(env.USE_X_FORWARDED_HOST)
    assert.equal("json", env.LOG_FORMAT.value)
    env = api_env { values = { api = { logging = { format = core.null } } } }
    assert.is_nil(env.LOG_FORMAT)
  end)

  it("writes extraEnv sorted by name, every value a string", function()
    local _, order, api = api_env { values = { api = { extraEnv = {
      ZED = 1, ALPHA = "a", MIDDLE = 2.5, FLAG = false,
    } } } }
    local env = h.env(h.container(api, "flagsmith-api"))
    local pos = {}
    for i, name in ipairs(order) do pos[name] = i end
    assert.is_true(pos.ALPHA < pos.ENABLE_ADMIN_ACCESS_USER_PASS)
    assert.is_true(pos.ENABLE_ADMIN_ACCESS_USER_PASS < pos.FLAG)
    assert.is_true(pos.FLAG < pos.MIDDLE and pos.MIDDLE < pos.ZED)
    assert.equal("1", env.ZED.value)
    assert.equal("2.5", env.MIDDLE.value)
    assert.equal("false", env.FLAG.value)
  end)

  it("rejects an extraEnv value that is not a scalar, naming it", function()
    local err = render_error { values = { api = { extraEnv = { BAD = { nested = true } } } } }
    assert.matches("api.extraEnv.BAD: expected a string", err, 1, true)
  end)

  it("adds extraEnvFromSecret as secret references", function()
    local env = api_env { values = { api = { extraEnvFromSecret = {
      EMAIL_PASSWORD = { secretName = "mail", secretKey = "password" },
    } } } }
    assert.same({ secretKeyRef = { name = "mail", key = "password" } }, env.EMAIL_PASSWORD.valueFrom)
  end)

  it("lets a user's entry replace the chart's of the same name, once", function()
    local env, order = api_env { values = { api = { extraEnv = { LOG_FORMAT = "json", DJANGO_ALLOWED_HOSTS = "x.io" } } } }
    assert.equal("json", env.LOG_FORMAT.value)
    assert.equal("x.io", env.DJANGO_ALLOWED_HOSTS.value)
    local count = 0
    for _, name in ipairs(order) do if name == "LOG_FORMAT" then count = count + 1 end end
    assert.equal(1, count)
  end)

  describe("statsd", function()
    it("is off by default", function()
      local env = api_env {}
      assert.is_nil(env.STATSD_HOST)
    end)

    it("uses the given host, port and prefix", function()
      local env = api_env { values = { api = { statsd = { enabled = true, host = "statsd.monitoring", port = 9125,
        prefix = "fs" } } } }
      assert.equal("statsd.monitoring", env.STATSD_HOST.value)
      assert.equal("9125", env.STATSD_PORT.value)
      assert.equal("fs", env.STATSD_PREFIX.value)
    end)

    it("uses the node's IP when asked", function()
      local env = api_env { values = { api = { statsd = { enabled = true, hostFromNodeIp = true } } } }
      assert.same({ fieldRef = { fieldPath = "status.hostIP" } }, env.STATSD_HOST.valueFrom)
      assert.equal("8125", env.STATSD_PORT.value)
      assert.equal("flagsmith.api", env.STATSD_PREFIX.value)
    end)

    it("needs a host", function()
      local err = render_error { values = { api = { statsd = { enabled = true } } } }
      assert.matches("api.statsd.host: required", err, 1, true)
    end)
  end)

  describe("analytics", function()
    it("wires an external InfluxDB with a token fsgen keeps in a Secret", function()
      local env, _, api, objects = api_env { release = { name = "prod" }, values = { influxdbExternal = {
        enabled = true, url = "https://influx.example.com", bucket = "flagsmith", organization = "org",
        token = "t0ken",
      } } }
      assert.equal("https://influx.example.com", env.INFLUXDB_URL.value)
      assert.equal("flagsmith", env.INFLUXDB_BUCKET.value)
      assert.equal("org", env.INFLUXDB_ORG.value)
      assert.same({ name = "prod-influxdb2-external-auth", key = "admin-token" }, env.INFLUXDB_TOKEN.valueFrom.secretKeyRef)
      assert.is_nil(env.DISABLE_ANALYTICS_FEATURES)
      local secret = h.find(objects, "Secret", "prod-influxdb2-external-auth")
      assert.equal("t0ken", h.secret_data(secret)["admin-token"])
      assert.is_string(api.spec.template.metadata.annotations["checksum/secrets-influxdb-external"])
    end)

    it("reads an external InfluxDB token from an existing Secret", function()
      local env, _, _, objects = api_env { values = { influxdbExternal = {
        enabled = true, url = "u", bucket = "b", organization = "o",
        tokenFromExistingSecret = { enabled = true, name = "influx", key = "token" },
      } } }
      assert.same({ name = "influx", key = "token" }, env.INFLUXDB_TOKEN.valueFrom.secretKeyRef)
      for _, s in ipairs(h.all(objects, "Secret")) do assert.is_nil(s.metadata.name:match("influx")) end
    end)

    it("names a missing external InfluxDB setting", function()
      local err = render_error { values = { influxdbExternal = { enabled = true, bucket = "b", organization = "o",
        token = "t" } } }
      assert.matches("influxdbExternal.url: required", err, 1, true)
    end)

    it("needs the task processor for PostgreSQL analytics", function()
      local err = render_error { values = { UsePostgresForAnalytics = { enabled = true } } }
      assert.matches("UsePostgresForAnalytics.enabled: needs taskProcessor.enabled", err, 1, true)
    end)

    it("keeps the chart's precedence: InfluxDB, then PostgreSQL, else analytics off", function()
      local influx = { enabled = true, url = "u", bucket = "b", organization = "o", token = "t" }
      local env = api_env { values = { influxdbExternal = influx, UsePostgresForAnalytics = { enabled = true } } }
      assert.equal("u", env.INFLUXDB_URL.value)
      assert.is_nil(env.USE_POSTGRES_FOR_ANALYTICS, "InfluxDB wins, and needs no task processor")
      assert.is_nil(env.DISABLE_ANALYTICS_FEATURES)
      env = api_env { values = { UsePostgresForAnalytics = { enabled = true }, taskProcessor = { enabled = true } } }
      assert.equal("true", env.USE_POSTGRES_FOR_ANALYTICS.value)
      assert.is_nil(env.DISABLE_ANALYTICS_FEATURES)
      assert.is_nil(env.INFLUXDB_URL)
      env = api_env {}
      assert.equal("true", env.DISABLE_ANALYTICS_FEATURES.value)
    end)
  end)

  describe("with SSE", function()
    it("reaches the SSE Service with the shared token, after the chart's other entries", function()
      local env, order = api_env { release = { name = "prod", namespace = "flags" }, values = { sse = { enabled = true },
        service = { sse = { port = 8088 } } } }
      assert.same({ name = "prod-flagsmith-sse-authentication-token", key = "sse-authentication-token" },
        env.SSE_AUTHENTICATION_TOKEN.valueFrom.secretKeyRef)
      assert.equal("http://prod-flagsmith-sse.flags:8088", env.SSE_SERVER_BASE_URL.value)
      assert.same({ "SSE_AUTHENTICATION_TOKEN", "SSE_SERVER_BASE_URL" }, { order[#order - 1], order[#order] })
    end)
  end)
end)
