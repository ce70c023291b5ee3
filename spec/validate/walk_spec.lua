-- The schema walk on its own: what validate.objects reports for values of
-- every kind, and how it prepares empty tables for the emitter.
local core = require "fsgen.core"
local validate = require "fsgen.validate"

local function deployment(pod)
  return {
    apiVersion = "apps/v1", kind = "Deployment",
    metadata = { name = "web" },
    spec = {
      selector = { matchLabels = { app = "web" } },
      template = { metadata = { labels = { app = "web" } }, spec = pod },
    },
  }
end

local function container(extra)
  local c = { name = "web", image = "nginx:1.27" }
  for k, v in pairs(extra or {}) do c[k] = v end
  return c
end

describe("fsgen.validate", function()
  it("accepts a valid object and says nothing", function()
    local warnings = {}
    assert.are.same({}, validate.objects({ deployment({ containers = { container() } }) },
      { warnings = warnings }))
    assert.are.same({}, warnings)
  end)

  it("reports every problem of every object in one run, objects in order, paths sorted", function()
    local a = deployment({ containers = { container({ imagePullPolicy = "Sometimes", tty = "yes" }) } })
    local b = { apiVersion = "v1", kind = "ConfigMap", metadata = { name = "Bad Name" }, dta = {} }
    assert.are.same({
      "Deployment/web: spec.template.spec.containers[0].imagePullPolicy: 'Sometimes' is not one of Always, Never, IfNotPresent",
      "Deployment/web: spec.template.spec.containers[0].tty: expected a boolean, got the string 'yes'",
      "ConfigMap/Bad Name: dta: unknown field (did you mean 'data'?)",
      "ConfigMap/Bad Name: metadata.name: 'Bad Name' is not a valid ConfigMap name (must be a DNS-1123 subdomain: "
        .. "lower case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 "
        .. "characters; e.g. 'bad-name')",
    }, validate.objects({ a, b }))
  end)

  it("sorts list positions as numbers", function()
    local containers = {}
    for i = 1, 11 do containers[i] = container({ name = "c" .. i, tty = 1 }) end
    local errors = validate.objects({ deployment({ containers = containers }) })
    assert.are.equal(11, #errors)
    assert.matches("containers%[1%]%.tty", errors[2])
    assert.matches("containers%[10%]%.tty", errors[11])
  end)

  describe("empty tables", function()
    it("become fsgen.list in list fields and fsgen.map in map fields", function()
      local args, selector, resources, free = {}, {}, {}, {}
      local d = deployment({ containers = { container({ args = args, resources = resources }) },
                             nodeSelector = selector })
      d.metadata.annotations = free
      assert.are.same({}, validate.objects({ d }))
      assert.is_true(core.is_list(args))
      assert.is_true(core.is_map(selector))
      assert.is_true(core.is_map(resources))
      assert.is_true(core.is_map(free))
    end)

    it("are written [] and {} by the emitter afterwards", function()
      local d = deployment({ containers = { container({ args = {}, command = {}, env = {} }) }, volumes = {} })
      validate.objects({ d })
      local yaml = core.emit({ { object = d } })
      assert.matches("args: %[%]", yaml)
      assert.matches("volumes: %[%]", yaml)
      assert.matches("command: %[%]", yaml)
      assert.matches("env: %[%]", yaml)
    end)

    it("keep a tag the author chose when it fits, and refuse one that does not", function()
      local keep = core.list({})
      local d = deployment({ containers = { container({ args = keep }) }, nodeSelector = core.list({}) })
      assert.are.same({ "Deployment/web: spec.template.spec.nodeSelector: expected a map, got an empty list" },
        validate.objects({ d }))
      assert.is_true(core.is_list(keep))
    end)

    it("stay untagged where the schema says nothing (unchecked kinds)", function()
      local spec = {}
      local warnings = {}
      validate.objects({ { apiVersion = "example.com/v1", kind = "Thing", metadata = { name = "t" }, spec = spec } },
        { warnings = warnings })
      assert.is_false(core.is_list(spec) or core.is_map(spec))
      assert.are.equal(1, #warnings)
    end)
  end)

  describe("types", function()
    local function env_value(v)
      return validate.objects({ deployment({ containers = { container({ env = { { name = "X", value = v } } }) } }) })
    end

    it("never converts: integers, floats and booleans are not strings", function()
      assert.are.same({ "Deployment/web: spec.template.spec.containers[0].env[0].value: expected a string, "
        .. "got the integer 8 (quote it: \"8\", or tostring(8) in Lua)" }, env_value(8))
      assert.are.same({ "Deployment/web: spec.template.spec.containers[0].env[0].value: expected a string, "
        .. "got the number 1.5 (quote it: \"1.5\", or tostring(1.5) in Lua)" }, env_value(1.5))
      assert.are.same({ "Deployment/web: spec.template.spec.containers[0].env[0].value: expected a string, "
        .. "got a map" }, env_value({ a = 1 }))
    end)

    it("keeps integers in int-or-string fields and refuses floats there", function()
      local svc = { apiVersion = "v1", kind = "Service", metadata = { name = "web" },
                    spec = { selector = { app = "web" }, ports = { { port = 80, targetPort = 8080 } } } }
      assert.are.same({}, validate.objects({ svc }))
      assert.are.equal(8080, svc.spec.ports[1].targetPort)
      assert.are.equal("integer", math.type(svc.spec.ports[1].targetPort))
      svc.spec.ports[1].targetPort = 80.5
      assert.are.same({ "Service/web: spec.ports[0].targetPort: expected an integer or a string, got the number 80.5" },
        validate.objects({ svc }))
    end)

    it("accepts numbers and quantity strings as quantities", function()
      local ok = { "1", "0.5", "100m", "512Mi", "1.5Gi", "2e3", " 1Gi ", "+1", ".5", "1E", "1Ei" }
      for _, q in ipairs(ok) do
        local errors = validate.objects({ deployment({ containers = { container({
          resources = { limits = { memory = q, cpu = 2 } } }) } }) })
        assert.are.same({}, errors, q)
      end
      for _, q in ipairs({ "512MB", "1gi", "1 Gi", "Mi", "1.2.3", "-", "1e", "1KiB" }) do
        local errors = validate.objects({ deployment({ containers = { container({
          resources = { limits = { memory = q } } }) } }) })
        assert.are.equal(1, #errors, q)
        assert.matches("is not a quantity", errors[1])
      end
    end)

    it("leaves values the emitter refuses to the emitter", function()
      local d = deployment({ containers = { container({ tty = function() end, args = { "a", x = "b" } }) } })
      d.spec.replicas = 0 / 0
      assert.are.same({}, validate.objects({ d }))
    end)
  end)

  describe("Secret data", function()
    local function secret(data)
      return { apiVersion = "v1", kind = "Secret", metadata = { name = "s" }, data = data }
    end

    it("accepts base64 with padding and line breaks", function()
      assert.are.same({}, validate.objects({ secret({ a = "aGVsbG8=", b = "aGVs\nbG8h", c = "" }) }))
    end)

    it("refuses other text without showing it", function()
      local errors = validate.objects({ secret({ password = "hunter2!" }) })
      assert.are.same({ "Secret/s: data.password: the value is not valid base64 (put plain text under stringData instead)" },
        errors)
    end)
  end)

  describe("provenance", function()
    local values = { api = { resources = { limits = { memory = "512MB" } } },
                     frontend = { resources = { limits = { memory = "512MB" } } },
                     extra = { password = "short pw!" } }
    local origins = {
      ["api.resources.limits.memory"] = { { source = "overlays/base.lua", line = 3 },
                                          { source = "overlays/prod.lua", line = 14 } },
      ["frontend.resources.limits.memory"] = { { source = "--set" } },
      ["extra.password"] = { { source = "values.yaml", line = "2:13" } },
    }

    local function limits(memory)
      local d = deployment({ containers = { container({ resources = { limits = { memory = memory } } }) } })
      return validate.objects({ d }, { values = values, origins = origins })
    end

    it("names the layer that set the value last and its values path", function()
      -- Both values paths end like the field's path: the one set last wins.
      local errors = limits("512MB")
      assert.are.same({ "Deployment/web: spec.template.spec.containers[0].resources.limits.memory: "
        .. "'512MB' is not a quantity (e.g. 512Mi) (set by overlays/prod.lua:14 as api.resources.limits.memory)" },
        errors)
    end)

    it("says nothing when no layer set the value", function()
      assert.are.same({ "Deployment/web: spec.template.spec.containers[0].resources.limits.memory: "
        .. "'1 Gi' is not a quantity (e.g. 512Mi, 250m or 1.5)" }, limits("1 Gi"))
    end)

    it("hides a value that came from a secret key", function()
      local d = deployment({ containers = { container({ resources = { limits = { memory = "short pw!" } } }) } })
      assert.are.same({ "Deployment/web: spec.template.spec.containers[0].resources.limits.memory: "
        .. "the value is not a quantity (e.g. 512Mi, 250m or 1.5) (set by values.yaml:2:13 as extra.password)" },
        validate.objects({ d }, { values = values, origins = origins }))
    end)

    it("hides env values whose name looks secret, and URLs with a password", function()
      local d = deployment({ containers = { container({ env = {
        { name = "DB_PASSWORD", value = 5 }, { name = "PLAIN", value = 6 } } }) } })
      assert.are.same({
        "Deployment/web: spec.template.spec.containers[0].env[0].value: expected a string, got an integer "
          .. "(quote it, or use tostring in Lua)",
        "Deployment/web: spec.template.spec.containers[0].env[1].value: expected a string, got the integer 6 "
          .. "(quote it: \"6\", or tostring(6) in Lua)",
      }, validate.objects({ d }))
      local svc = { apiVersion = "v1", kind = "Service", metadata = { name = "db" },
                    spec = { type = "ExternalName", externalName = "x", ports = { { port = 1 } },
                             sessionAffinity = "postgres://u:pw@db:5432" } }
      assert.are.same({ "Service/db: spec.sessionAffinity: the value is not one of ClientIP, None" },
        validate.objects({ svc }))
    end)
  end)
end)
