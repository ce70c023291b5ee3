-- extraObjects, namespaceOverride and the name overrides across every
-- component.
local h = require "flagsmith.helper"

local EVERYTHING = {
  taskProcessor = { enabled = true },
  sse = { enabled = true },
  pgbouncer = { enabled = true },
  graphite = { enabled = true },
  api = { statsd = { enabled = true }, bootstrap = { enabled = true } },
  jobs = { migrateDb = { enabled = true }, migrateAnalyticsData = { enabled = true } },
  gateway = { api = { enabled = true }, frontend = { enabled = true }, sse = { enabled = true } },
  ingress = { api = { enabled = true }, frontend = { enabled = true } },
  openshift = true,
  serviceMonitor = { enabled = true },
  hpa = { api = { enabled = true }, taskProcessor = { enabled = true } },
  pdb = { api = { enabled = true }, frontend = { enabled = true }, taskProcessor = { enabled = true },
    sse = { enabled = true }, pgbouncer = { enabled = true } },
  tests = { enabled = true },
  _destructiveTests = { enabled = true },
}

local function copy(t)
  if type(t) ~= "table" then return t end
  local out = {}
  for k, v in pairs(t) do out[k] = copy(v) end
  return out
end

-- EVERYTHING with the top-level keys of extra.
local function with(extra)
  local v = copy(EVERYTHING)
  for k, x in pairs(extra) do v[k] = x end
  return v
end

describe("flagsmith extras", function()
  describe("extraObjects", function()
    it("adds objects given as maps, unchanged", function()
      local cluster = { apiVersion = "postgresql.cnpg.io/v1", kind = "Cluster",
        metadata = { name = "flagsmith-db", namespace = "flags" }, spec = { instances = 3 } }
      local objects = h.render { values = { extraObjects = { cluster } } }
      assert.same(cluster, h.find(objects, "Cluster", "flagsmith-db"))
    end)

    it("adds objects given as YAML text, one or more documents each", function()
      local objects = h.render { values = { extraObjects = {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra-a\ndata:\n  k: v\n",
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra-b\n---\n# nothing here\n"
          .. "--- \napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra-c\n",
      } } }
      assert.same({ k = "v" }, h.find(objects, "ConfigMap", "extra-a").data)
      assert.is_not_nil(h.find(objects, "ConfigMap", "extra-b"))
      assert.is_not_nil(h.find(objects, "ConfigMap", "extra-c"))
    end)

    it("refuses Helm templates and objects without a kind or name, naming the item", function()
      assert.matches("extraObjects[0]: Helm templates are not evaluated",
        h.render_error { values = { extraObjects = { "kind: ConfigMap\nmetadata:\n  namespace: {{ .Release.Namespace }}\n" } } },
        1, true)
      assert.matches("extraObjects[1].metadata.namespace: Helm templates are not evaluated",
        h.render_error { values = { extraObjects = {
          { apiVersion = "v1", kind = "ConfigMap", metadata = { name = "a" } },
          { apiVersion = "v1", kind = "ConfigMap", metadata = { name = "b", namespace = "{{ .Release.Namespace }}" } },
        } } }, 1, true)
      assert.matches("extraObjects[0].kind: required",
        h.render_error { values = { extraObjects = { { apiVersion = "v1", metadata = { name = "a" } } } } }, 1, true)
      assert.matches("extraObjects[0] (document 2).metadata.name: required",
        h.render_error { values = { extraObjects = { "apiVersion: v1\nkind: A\nmetadata: {name: a}\n---\n"
          .. "apiVersion: v1\nkind: B\nmetadata: {}\n" } } }, 1, true)
      assert.matches("extraObjects[0]: expected an object",
        h.render_error { values = { extraObjects = { "- a\n- b\n" } } }, 1, true)
      assert.matches("extraObjects[0]:2:",
        h.render_error { values = { extraObjects = { "kind: [a\n" } } }, 1, true)
    end)
  end)

  describe("namespaceOverride", function()
    it("puts every object, tests included, in the namespace and points every address there", function()
      local objects, tests = h.render { release = { name = "prod", namespace = "default" },
        values = with { namespaceOverride = "flags" } }
      assert.is_true(#objects > 30)
      for _, list in ipairs { objects, tests } do
        for _, o in ipairs(list) do
          if o.kind ~= "ClusterRole" then assert.equal("flags", o.metadata.namespace, o.kind .. "/" .. o.metadata.name) end
        end
      end
      local api = h.find(objects, "Deployment", "prod-flagsmith-api")
      local env = h.env(h.container(api))
      assert.equal("http://prod-flagsmith-sse.flags:8000", env.SSE_SERVER_BASE_URL.value)
      assert.matches("@prod%-flagsmith%-pgbouncer%.flags%.svc%.cluster%.local",
        h.secret_data(h.find(objects, "Secret", "prod-flagsmith")).DATABASE_URL)
      assert.same({ matchNames = { "flags" } }, h.all(objects, "ServiceMonitor")[1].spec.namespaceSelector)
      for _, b in ipairs(h.all(objects, "RoleBinding")) do assert.equal("flags", b.subjects[1].namespace) end
    end)
  end)

  describe("name overrides", function()
    it("name every component's objects and keep selectors consistent", function()
      local objects = h.render { release = { name = "prod" }, values = with { fullnameOverride = "flags" } }
      for _, name in ipairs { "flags-api", "flags", "flags-task-processor", "flags-sse", "flags-pgbouncer" } do
        assert.is_not_nil(h.find(objects, "Deployment", name), name)
      end
      for _, name in ipairs { "flags-api", "flags-frontend" } do
        assert.is_not_nil(h.find(objects, "HTTPRoute", name), name)
        assert.is_not_nil(h.find(objects, "Route", name), name)
      end
      assert.is_not_nil(h.find(objects, "HTTPRoute", "flags-sse"))
      assert.is_not_nil(h.find(objects, "ServiceMonitor", "flags"))
      objects = h.render { release = { name = "prod" }, values = with { nameOverride = "flags" } }
      for _, d in ipairs(h.all(objects, "Deployment")) do
        local name = d.metadata.name
        assert.is_true(name == "prod-flags" or name:find("^prod%-flags%-") ~= nil, name)
        assert.equal("flags", d.spec.selector.matchLabels["app.kubernetes.io/name"])
      end
      assert.equal("flags", h.find(objects, "Deployment", "prod-flags-sse").spec.selector.matchLabels
        ["app.kubernetes.io/name"])
    end)
  end)

  it("everything on at once passes k8s-validate for every release name", function()
    if not h.validator_available() then return pending("k8s-validate not found beside the project") end
    for _, release in ipairs(h.RELEASES) do
      local objects, tests = h.render { release = release, values = with {} }
      local all = {}
      for _, list in ipairs { objects, tests } do
        for _, o in ipairs(list) do all[#all + 1] = o end
      end
      local ok, output = h.validate(all)
      assert.is_true(ok, output)
    end
  end)
end)
