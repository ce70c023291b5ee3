local core = require "fsgen.core"
local merge = require "fsgen.merge"
local values = require "fsgen.values"

local null = core.null

-- A small chart's defaults, shaped like the Flagsmith chart's.
local function defaults()
  return {
    api = {
      replicacount = 1,
      image = { repository = "flagsmith/flagsmith-api", tag = null, pullPolicy = "IfNotPresent" },
      podAnnotations = {},
      affinity = {},
      extraEnv = {},
      nodeSelector = {},
      resources = { limits = { cpu = "500m" } },
      livenessProbe = { enabled = true, periodSeconds = 10 },
      tolerations = core.list({}),
    },
    frontend = { enabled = true, nodeSelector = {}, ratio = 0.5 },
    ingress = {
      frontend = { enabled = false, hosts = { { host = "chart-example.local", paths = { "/" } } } },
      api = { enabled = false },
    },
    databaseExternal = { enabled = false, password = null, url = null },
  }
end

local function messages(problems)
  local out = {}
  for i, p in ipairs(problems) do out[i] = p.message end
  return out
end

local function check(v, opts)
  return messages(values.check(merge.merge(defaults(), v), defaults(), opts))
end

describe("fsgen.values", function()
  describe("check", function()
    it("accepts the defaults themselves and values that fit them", function()
      assert.same({}, messages(values.check(defaults(), defaults())))
      assert.same({}, check({ api = { replicacount = 3, image = { tag = "2.227.0" } },
        frontend = { ratio = 1 } }))
    end)

    it("names an unknown key and suggests the nearest sibling", function()
      assert.same({ "unknown value 'api.replicacont' (did you mean 'api.replicacount'?)" },
        check({ api = { replicacont = 3 } }))
    end)

    it("follows the user's single-key path below an unknown key", function()
      assert.same({ "unknown value 'ingres.frontend' (did you mean 'ingress.frontend'?)" },
        check({ ingres = { frontend = { enabled = true, hosts = { { host = "x" } } } } }))
      assert.same({ "unknown value 'ingres.frontend.enabled' (did you mean 'ingress.frontend.enabled'?)" },
        check({ ingres = { frontend = { enabled = true } } }))
    end)

    it("keeps the suggestion to the corrected key when the rest does not exist there", function()
      assert.same({ "unknown value 'ingres.nothing' (did you mean 'ingress'?)" },
        check({ ingres = { nothing = 1 } }))
    end)

    it("matches keys case-insensitively for suggestions", function()
      assert.same({ "unknown value 'api.replicaCount' (did you mean 'api.replicacount'?)" },
        check({ api = { replicaCount = 2 } }))
    end)

    it("lists the known keys when nothing is close and there are few", function()
      assert.same({ "unknown value 'databaseExternal.host' (known keys here: enabled, password, url)" },
        check({ databaseExternal = { host = "db" } }))
    end)

    it("gives no hint when nothing is close and there are many keys", function()
      assert.same({ "unknown value 'api.zzzzzzzz'" }, check({ api = { zzzzzzzz = 1 } }))
    end)

    it("reports a type that contradicts the default", function()
      assert.same({ "api.replicacount: expected a number like the chart's default, got a string" },
        check({ api = { replicacount = "3" } }))
      assert.same({ "frontend.enabled: expected a boolean like the chart's default, got a string" },
        check({ frontend = { enabled = "yes" } }))
      assert.same({ "api.image: expected a map like the chart's default, got a string" },
        check({ api = { image = "flagsmith:latest" } }))
      assert.same({ "api.tolerations: expected a list like the chart's default, got a map" },
        check({ api = { tolerations = { key = "x" } } }))
      assert.same({ "api.podAnnotations: expected a map like the chart's default, got a list" },
        check({ api = { podAnnotations = { "a" } } }))
      assert.same({ "ingress.frontend.hosts: expected a list like the chart's default, got a string" },
        check({ ingress = { frontend = { hosts = "x.example" } } }))
    end)

    it("treats integers and floats alike as numbers", function()
      assert.same({}, check({ api = { replicacount = 2.0 }, frontend = { ratio = 1 } }))
    end)

    it("accepts anything where the default is null", function()
      assert.same({}, check({ api = { image = { tag = 5 } }, databaseExternal = { url = { a = 1 } } }))
    end)

    it("accepts an untagged {} for a list or a map default", function()
      local v = merge.merge(defaults(), {})
      v.api.tolerations = {}
      v.api.resources = {}
      assert.same({}, messages(values.check(v, defaults())))
    end)

    it("rejects a tagged map where a list is expected and vice versa", function()
      local v = defaults()
      v.api.tolerations = core.map({})
      v.api.podAnnotations = core.list({})
      assert.same({
        "api.podAnnotations: expected a map like the chart's default, got a list",
        "api.tolerations: expected a list like the chart's default, got a map",
      }, messages(values.check(v, defaults())))
    end)

    it("treats an empty {} default as an open map", function()
      assert.same({}, check({ api = { podAnnotations = { ["prometheus.io/scrape"] = "true" },
        nodeSelector = { disk = "ssd" }, extraEnv = { A = { nested = 1 } } } }))
    end)

    it("treats paths listed in opts.open as open maps, '*' matching one key", function()
      local v = { api = { resources = { requests = { cpu = "1" } }, livenessProbe = { timeoutSeconds = 3 } } }
      assert.same({
        "unknown value 'api.livenessProbe.timeoutSeconds' (known keys here: enabled, periodSeconds)",
        "unknown value 'api.resources.requests.cpu' (known keys here: limits)",
      }, check(v))
      assert.same({}, check(v, { open = { "api.resources", "*.livenessProbe" } }))
      assert.same({ "unknown value 'api.livenessProbe.timeoutSeconds' (known keys here: enabled, periodSeconds)" },
        check(v, { open = { "api.resources", "*.*.livenessProbe" } }))
    end)

    it("still checks the known keys of an open map", function()
      assert.same({ "api.resources.limits: expected a map like the chart's default, got a string" },
        check({ api = { resources = { limits = "1" } } }, { open = { "api.resources" } }))
    end)

    it("ignores unknown keys with allow_unknown but still checks types", function()
      assert.same({ "api.replicacount: expected a number like the chart's default, got a boolean" },
        check({ extra = { a = 1 }, api = { replicacont = 1, replicacount = true } }, { allow_unknown = true }))
    end)

    it("sorts problems by path", function()
      assert.same({
        "api.replicacount: expected a number like the chart's default, got a string",
        "unknown value 'api.zzzzzzzz'",
        "unknown value 'zz' (known keys here: api, databaseExternal, frontend, ingress)",
      }, check({ zz = 1, api = { zzzzzzzz = 1, replicacount = "x" } }))
    end)

    it("returns problems with path segments and kinds for the caller", function()
      local problems = values.check(merge.merge(defaults(), { api = { replicacount = "3" } }), defaults())
      assert.same({ "api", "replicacount" }, problems[1].path)
      assert.equal("type", problems[1].kind)
      assert.equal("number", problems[1].expected)
      assert.equal("string", problems[1].got)
    end)

    it("never puts a value into a message", function()
      local v = merge.merge(defaults(), {
        databaseExternal = { password = { "hunter2" }, passwrd = "hunter2" },
        api = { replicacount = "hunter2", tokenz = "hunter2" },
      })
      for _, m in ipairs(messages(values.check(v, defaults()))) do
        assert.is_nil(m:find("hunter2", 1, true), m)
      end
    end)

    it("catches the deletion of a key the chart does not have, via origins", function()
      local state = { values = defaults() }
      merge.layer(state, { api = { replicacont = null } }, { name = "overlays/x.lua" })
      assert.same({ "unknown value 'api.replicacont' (did you mean 'api.replicacount'?)" },
        messages(values.check(state.values, defaults(), { origins = state.origins })))
      assert.same({}, messages(values.check(state.values, defaults(),
        { origins = state.origins, allow_unknown = true })))
    end)

    it("accepts deletions of known keys and of keys in open maps", function()
      local state = { values = defaults() }
      merge.layer(state, { api = { image = null, podAnnotations = { x = null } },
        databaseExternal = { password = { deeper = null } } }, { name = "overlays/x.lua" })
      assert.same({}, messages(values.check(state.values, defaults(), { origins = state.origins })))
    end)

    it("reports an unknown map once even when it also deletes keys", function()
      local state = { values = defaults() }
      merge.layer(state, { ingres = { a = 1, b = null } }, { name = "overlays/x.lua" })
      assert.same({ "unknown value 'ingres.a' (did you mean 'ingress'?)" },
        messages(values.check(state.values, defaults(), { origins = state.origins })))
    end)
  end)

  -- The names the check compares and shows (core.value_kind).
  it("names what a value is: null, empty, list, map or its type", function()
    local kind = core.value_kind
    assert.equal("null", kind(null))
    assert.equal("empty", kind({}))
    assert.equal("list", kind(core.list({})))
    assert.equal("map", kind(core.map({})))
    assert.equal("list", kind({ "a", "b" }))
    assert.equal("map", kind({ a = 1 }))
    assert.equal("map", kind({ [1] = "a", [3] = "c" }))
    assert.equal("map", kind({ [2] = "b" }))
    assert.equal("map", kind(core.map({ "a" })))
    assert.equal("list", kind(core.list({ x = 1 })))
    assert.equal("string", kind("x"))
    assert.equal("number", kind(1.5))
    assert.equal("boolean", kind(false))
    assert.equal("nil", kind(nil))
    assert.equal("function", kind(print))
  end)

  describe("describe", function()
    local function run(layers, opts)
      local state = { values = defaults() }
      for _, layer in ipairs(layers) do merge.layer(state, layer[1], layer[2]) end
      local problems = values.check(state.values, defaults(), opts)
      local out = {}
      for i, p in ipairs(problems) do out[i] = values.describe(p, state.origins) end
      return out
    end

    local function lua_source(name, lines)
      return { name = name, locate = function(segments) return lines[table.concat(segments, ".")] end }
    end

    it("prefixes the file and line that set the value", function()
      assert.same({ "overlays/prod.lua:12: unknown value 'ingres.frontend' (did you mean 'ingress.frontend'?)" },
        run({ { { ingres = { frontend = { enabled = true, hosts = {} } } },
          lua_source("overlays/prod.lua", { ["ingres.frontend.enabled"] = 12, ["ingres.frontend.hosts"] = 13 }) } }))
    end)

    it("prints line:col locations as given", function()
      assert.same({ "values.yaml:4:3: api.replicacount: expected a number like the chart's default, got a string" },
        run({ { { api = { replicacount = "x" } }, lua_source("values.yaml", { ["api.replicacount"] = "4:3" }) } }))
    end)

    it("uses the most recent origin of the path", function()
      assert.same({ "values/prod.yaml:7: api.replicacount: expected a number like the chart's default, got a string" },
        run({
          { { api = { replicacount = 2 } }, lua_source("overlays/base.lua", { ["api.replicacount"] = 3 }) },
          { { api = { replicacount = "x" } }, lua_source("values/prod.yaml", { ["api.replicacount"] = 7 }) },
        }))
    end)

    it("names a source without lines alone, and suggests --set-string for strings", function()
      assert.same({ "--set: api.image: expected a map like the chart's default, got a number" },
        run({ { { api = { image = 3 } }, { name = "--set" } } }))
      local v = defaults()
      v.api.image.tag = "latest"
      local state = { values = merge.deepcopy(v) } -- layer owns and changes state.values
      merge.layer(state, { api = { image = { repository = 5 } } }, { name = "--set" })
      local problems = values.check(state.values, v)
      assert.equal("--set: api.image.repository: expected a string like the chart's default, got a number "
        .. "(use --set-string to pass it as a string)", values.describe(problems[1], state.origins))
    end)

    it("finds the origin of a map that replaced a scalar through its leaves", function()
      assert.same({ "overlays/x.lua:5: frontend.enabled: expected a boolean like the chart's default, got a map" },
        run({ { { frontend = { enabled = { a = 1, b = 2 } } },
          lua_source("overlays/x.lua", { ["frontend.enabled.a"] = 5, ["frontend.enabled.b"] = 6 }) } }))
    end)

    it("uses an ancestor's origin when a list was set whole", function()
      local problem = { path = { "a", 1, "b" }, message = "a[0].b: bad" }
      local origins = { a = { { source = "values.yaml", line = "2:1", seq = 1, layer = 1 } } }
      assert.equal("values.yaml:2:1: a[0].b: bad", values.describe(problem, origins))
    end)

    it("prefers the latest layer when several set paths below the problem", function()
      local problem = { path = { "m" }, message = "m: bad" }
      local origins = {
        ["m.a"] = { { source = "old.lua", line = 1, seq = 1, layer = 1 } },
        ["m.b"] = { { source = "new.lua", line = 9, seq = 3, layer = 2 } },
        ["m.c"] = { { source = "new.lua", line = 4, seq = 2, layer = 2 } },
      }
      assert.equal("new.lua:4: m: bad", values.describe(problem, origins))
    end)

    it("names the file that deleted a key the chart does not have", function()
      local state = { values = defaults() }
      merge.layer(state, { api = { replicacont = null } },
        lua_source("overlays/x.lua", { ["api.replicacont"] = 8 }))
      local problems = values.check(state.values, defaults(), { origins = state.origins })
      assert.equal("overlays/x.lua:8: unknown value 'api.replicacont' (did you mean 'api.replicacount'?)",
        values.describe(problems[1], state.origins))
    end)

    it("adds no prefix when the origin is unknown", function()
      assert.equal("x: bad", values.describe({ path = { "x" }, message = "x: bad" }, {}))
      assert.equal("x: bad", values.describe({ path = { "x" }, message = "x: bad" }, nil))
    end)
  end)
end)
