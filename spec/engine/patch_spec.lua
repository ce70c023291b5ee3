local core = require "fsgen.core"
local patch = require "fsgen.patch"

local null = core.null

local function deployment(name, extra)
  local obj = {
    apiVersion = "apps/v1", kind = "Deployment",
    metadata = { name = name, labels = { app = name } },
    spec = {
      replicas = 1,
      template = { spec = {
        containers = {
          { name = name, image = "flagsmith:1", ports = { { name = "http", containerPort = 8000 } },
            env = { { name = "A", value = "1" }, { name = "B", value = "2" } } },
        },
        volumes = { { name = "tmp", emptyDir = core.map({}) } },
      } },
    },
  }
  for k, v in pairs(extra or {}) do obj.metadata[k] = v end
  return obj
end

local function service(name)
  return { apiVersion = "v1", kind = "Service", metadata = { name = name },
    spec = { ports = { { port = 80, targetPort = 8000 } } } }
end

local function objects()
  return {
    deployment("flagsmith-api"),
    deployment("flagsmith-frontend"),
    service("flagsmith-api"),
    service("flagsmith-frontend"),
  }
end

local function apply_error(objs, patches, source)
  local ok, err = pcall(patch.apply, objs, patches, source or "overlays/prod.lua")
  assert.is_false(ok)
  return err
end

describe("fsgen.patch", function()
  describe("matching", function()
    it("applies a patch to the object of that kind and name only", function()
      local objs = objects()
      patch.apply(objs, { { kind = "Deployment", name = "flagsmith-api", merge = { spec = { replicas = 3 } } } },
        "overlays/prod.lua")
      assert.equal(3, objs[1].spec.replicas)
      assert.equal(1, objs[2].spec.replicas)
    end)

    it("applies a patch without name to every object of the kind", function()
      local objs = objects()
      patch.apply(objs, { { kind = "Deployment", merge = { spec = { replicas = 2 } } } }, "x")
      assert.equal(2, objs[1].spec.replicas)
      assert.equal(2, objs[2].spec.replicas)
      assert.is_nil(objs[3].spec.replicas)
    end)

    it("matches every kind with '*'", function()
      local objs = objects()
      patch.apply(objs, { { kind = "*", merge = { metadata = { labels = { team = "a" } } } } }, "x")
      for _, obj in ipairs(objs) do assert.equal("a", obj.metadata.labels.team) end
      patch.apply(objs, { { kind = "*", name = "flagsmith-api", merge = { metadata = { annotations = { x = "y" } } } } }, "x")
      assert.equal("y", objs[1].metadata.annotations.x)
      assert.equal("y", objs[3].metadata.annotations.x)
      assert.is_nil(objs[2].metadata.annotations)
    end)

    it("narrows by namespace and apiVersion", function()
      local objs = { deployment("a", { namespace = "one" }), deployment("a", { namespace = "two" }) }
      patch.apply(objs, { { kind = "Deployment", name = "a", namespace = "two", apiVersion = "apps/v1",
        merge = { spec = { replicas = 5 } } } }, "x")
      assert.equal(1, objs[1].spec.replicas)
      assert.equal(5, objs[2].spec.replicas)
    end)

    it("applies patches in order, each seeing the previous one's result", function()
      local objs = objects()
      patch.apply(objs, {
        { kind = "Deployment", name = "flagsmith-api", merge = { spec = { replicas = 3 } } },
        { kind = "Deployment", name = "flagsmith-api", json = { { op = "test", path = "/spec/replicas", value = 3 },
          { op = "replace", path = "/spec/replicas", value = 4 } } },
      }, "x")
      assert.equal(4, objs[1].spec.replicas)
    end)

    it("returns the objects list", function()
      local objs = objects()
      assert.equal(objs, patch.apply(objs, {}, "x"))
      assert.equal(objs, patch.apply(objs, nil, "x"))
    end)
  end)

  describe("a patch that matches nothing", function()
    it("is an error that suggests the nearest object", function()
      assert.equal("overlays/prod.lua: patches[1] (Deployment/flagsmith-apii) matches no object "
        .. "(did you mean Deployment/flagsmith-api?)",
        apply_error(objects(), {
          { kind = "Deployment", name = "flagsmith-api", merge = { spec = { replicas = 2 } } },
          { kind = "Deployment", name = "flagsmith-apii", merge = { spec = { replicas = 2 } } },
        }))
    end)

    it("adds the line when the source can locate the patch", function()
      local source = { name = "overlays/prod.lua", locate = function(segments)
        assert.same({ "patches", 1 }, segments)
        return 14
      end }
      assert.equal("overlays/prod.lua:14: patches[0] (Deployment/flagsmith-apii) matches no object "
        .. "(did you mean Deployment/flagsmith-api?)",
        apply_error(objects(), { { kind = "Deployment", name = "flagsmith-apii", delete = true } }, source))
    end)

    it("suggests a kind when the kind is misspelt", function()
      assert.equal("x: patches[0] (Deploymnet/*) matches no object (did you mean kind Deployment?)",
        apply_error(objects(), { { kind = "Deploymnet", delete = true } }, "x"))
    end)

    it("lists the rendered kinds when nothing is close", function()
      assert.equal("x: patches[0] (CronJob/*) matches no object (kinds rendered: Deployment, Service)",
        apply_error(objects(), { { kind = "CronJob", delete = true } }, "x"))
    end)

    it("lists the names of that kind when no name is close", function()
      assert.equal("x: patches[0] (Service/postgres) matches no object "
        .. "(Service names: flagsmith-api, flagsmith-frontend)",
        apply_error(objects(), { { kind = "Service", name = "postgres", delete = true } }, "x"))
    end)

    it("says what differs when only namespace or apiVersion do not match", function()
      assert.equal("x: patches[0] (apps/v2 Deployment/flagsmith-api in namespace 'prod') matches no object "
        .. "(Deployment/flagsmith-api has namespace '' and apiVersion 'apps/v1')",
        apply_error(objects(), { { kind = "Deployment", name = "flagsmith-api", namespace = "prod",
          apiVersion = "apps/v2", delete = true } }, "x"))
    end)

    it("is an error even after an earlier patch deleted the object", function()
      assert.equal("x: patches[1] (Service/flagsmith-api) matches no object (did you mean Service/flagsmith-frontend?)",
        apply_error(objects(), { { kind = "Service", name = "flagsmith-api", delete = true },
          { kind = "Service", name = "flagsmith-api", delete = true } }, "x"))
    end)
  end)

  describe("patch shape", function()
    local cases = {
      { { kind = "Deployment", name = "a", merg = {} },
        "x: patches[0]: unknown field 'merg' (did you mean 'merge'?)" },
      { { kind = "Deployment", name = "a", frobnicate = 1 },
        "x: patches[0]: unknown field 'frobnicate' (fields: apiVersion, delete, json, kind, merge, name, namespace)" },
      { { name = "a", delete = true }, "x: patches[0]: needs kind (a string; \"*\" for any kind)" },
      { { kind = "Deployment", name = 3, delete = true },
        "x: patches[0] (Deployment/*): name must be a string, got a number" },
      { { kind = "Deployment", name = "a" }, "x: patches[0] (Deployment/a): needs exactly one of merge, delete or json" },
      { { kind = "Deployment", name = "a", delete = true, merge = {} },
        "x: patches[0] (Deployment/a): needs exactly one of merge, delete or json" },
      { { kind = "Deployment", name = "a", merge = { 1, 2 } },
        "x: patches[0] (Deployment/a): merge must be a map (a partial object)" },
      { { kind = "Deployment", name = "a", delete = "yes" }, "x: patches[0] (Deployment/a): delete must be true" },
      { { kind = "Deployment", name = "a", json = { op = "add" } },
        "x: patches[0] (Deployment/a): json must be a list of operations" },
      { { kind = "Deployment", name = "a", json = { "add" } },
        "x: patches[0] (Deployment/a): json[0] must be a table like "
          .. "{ op = \"replace\", path = \"/spec/replicas\", value = 2 }" },
      { "nope", "x: patches[0]: must be a table, got a string" },
    }
    for i, case in ipairs(cases) do
      it("rejects malformed patch " .. i, function()
        assert.equal(case[2], apply_error(objects(), { case[1] }, "x"))
      end)
    end

    it("rejects patches that are not a list", function()
      assert.equal("x: patches must be a list", apply_error(objects(), { kind = "Deployment" }, "x"))
    end)
  end)

  describe("delete", function()
    it("removes every matching object and keeps the order of the rest", function()
      local objs = objects()
      patch.apply(objs, { { kind = "*", name = "flagsmith-api", delete = true } }, "x")
      assert.equal(2, #objs)
      assert.equal("Deployment", objs[1].kind)
      assert.equal("flagsmith-frontend", objs[1].metadata.name)
      assert.equal("Service", objs[2].kind)
    end)
  end)

  describe("merge", function()
    local function merged(m, target)
      local objs = { target or deployment("flagsmith-api") }
      patch.apply(objs, { { kind = "Deployment", merge = m } }, "x")
      return objs[1]
    end

    it("merges maps recursively and replaces scalars", function()
      local obj = merged({ metadata = { labels = { tier = "web" } },
        spec = { template = { spec = { priorityClassName = "high" } } } })
      assert.same({ app = "flagsmith-api", tier = "web" }, obj.metadata.labels)
      assert.equal("high", obj.spec.template.spec.priorityClassName)
      assert.equal(1, #obj.spec.template.spec.containers)
    end)

    it("deletes keys set to fsgen.null", function()
      local obj = merged({ metadata = { labels = null }, spec = { replicas = null } })
      assert.is_nil(obj.metadata.labels)
      assert.is_nil(obj.spec.replicas)
    end)

    it("merges named lists by name, appending new names", function()
      local obj = merged({ spec = { template = { spec = {
        containers = {
          { name = "flagsmith-api", image = "flagsmith:2",
            env = { { name = "B", value = "two" }, { name = "C", value = "3" } } },
          { name = "sidecar", image = "envoy" },
        },
        volumes = { { name = "cache", emptyDir = {} } },
      } } } })
      local containers = obj.spec.template.spec.containers
      assert.equal(2, #containers)
      assert.equal("flagsmith:2", containers[1].image)
      assert.same({ { name = "http", containerPort = 8000 } }, containers[1].ports)
      assert.same({ { name = "A", value = "1" }, { name = "B", value = "two" }, { name = "C", value = "3" } },
        containers[1].env)
      assert.same({ name = "sidecar", image = "envoy" }, containers[2])
      assert.same({ "tmp", "cache" }, { obj.spec.template.spec.volumes[1].name, obj.spec.template.spec.volumes[2].name })
    end)

    it("removes a named element with $patch = delete", function()
      local obj = merged({ spec = { template = { spec = { containers = {
        { name = "flagsmith-api", env = { { name = "A", ["$patch"] = "delete" }, { name = "Z", ["$patch"] = "delete" } } },
      } } } } })
      assert.same({ { name = "B", value = "2" } }, obj.spec.template.spec.containers[1].env)
    end)

    it("replaces a named element with $patch = replace", function()
      local obj = merged({ spec = { template = { spec = { containers = {
        { name = "flagsmith-api", image = "other", ["$patch"] = "replace" },
      } } } } })
      assert.same({ { name = "flagsmith-api", image = "other" } }, obj.spec.template.spec.containers)
    end)

    it("creates a named list that did not exist, without directives", function()
      local obj = merged({ spec = { template = { spec = {
        initContainers = { { name = "migrate", image = "m" }, { name = "gone", ["$patch"] = "delete" } },
      } } } })
      assert.same({ { name = "migrate", image = "m" } }, obj.spec.template.spec.initContainers)
      assert.is_true(core.is_list(obj.spec.template.spec.initContainers))
    end)

    it("replaces lists whose elements have no name", function()
      local objs = objects()
      patch.apply(objs, { { kind = "Service", name = "flagsmith-api",
        merge = { spec = { ports = { { port = 8080 } } } } } }, "x")
      assert.same({ { port = 8080 } }, objs[3].spec.ports)
      local obj = merged({ spec = { template = { spec = { containers = {
        { name = "flagsmith-api", args = { "--a" } } } } } } })
      assert.same({ "--a" }, obj.spec.template.spec.containers[1].args)
    end)

    it("replaces a map with $patch = replace and deletes one with $patch = delete", function()
      local obj = merged({ metadata = { labels = { only = "this", ["$patch"] = "replace" } },
        spec = { template = { ["$patch"] = "delete" } } })
      assert.same({ only = "this" }, obj.metadata.labels)
      assert.is_nil(obj.spec.template)
    end)

    it("treats an untagged {} as no change to a map and as emptying a list", function()
      local obj = merged({ metadata = { labels = {} }, spec = { template = { spec = { volumes = {} } } } })
      assert.same({ app = "flagsmith-api" }, obj.metadata.labels)
      assert.same({}, obj.spec.template.spec.volumes)
      assert.is_true(core.is_list(obj.spec.template.spec.volumes))
    end)

    it("does not share patch tables between objects or with the overlay", function()
      local shared = { tier = "web", nested = { a = 1 } }
      local objs = objects()
      patch.apply(objs, { { kind = "Deployment", merge = { metadata = { annotations = shared } } } }, "x")
      objs[1].metadata.annotations.nested.a = 2
      assert.equal(1, objs[2].metadata.annotations.nested.a)
      assert.equal(1, shared.nested.a)
    end)

    it("leaves no $patch directive or null in the output", function()
      local obj = merged({ spec = { selector = { matchLabels = { a = "1", b = null } } } })
      assert.same({ a = "1" }, obj.spec.selector.matchLabels)
    end)

    it("rejects an unknown $patch directive, naming the object and path", function()
      assert.equal("x: patches[0] (Deployment/*): Deployment/flagsmith-api: "
        .. "spec.template.spec.containers[0]: unknown $patch directive 'merge' (expected delete or replace)",
        apply_error({ deployment("flagsmith-api") }, { { kind = "Deployment", merge = { spec = { template = { spec = {
          containers = { { name = "flagsmith-api", ["$patch"] = "merge" } } } } } } } }, "x"))
    end)
  end)

  describe("json", function()
    local function run(ops, target)
      local objs = { target or deployment("flagsmith-api") }
      patch.apply(objs, { { kind = "Deployment", name = "flagsmith-api", json = ops } }, "x")
      return objs[1]
    end

    local function json_error(ops)
      return apply_error({ deployment("flagsmith-api") },
        { { kind = "Deployment", name = "flagsmith-api", json = ops } }, "x")
    end

    it("replaces, adds and removes members", function()
      local obj = run({
        { op = "replace", path = "/spec/replicas", value = 3 },
        { op = "add", path = "/metadata/annotations", value = { a = "b" } },
        { op = "remove", path = "/metadata/labels/app" },
      })
      assert.equal(3, obj.spec.replicas)
      assert.same({ a = "b" }, obj.metadata.annotations)
      assert.same({}, obj.metadata.labels)
    end)

    it("inserts into lists by index, appends with '-', removes by index", function()
      local obj = run({
        { op = "add", path = "/spec/template/spec/containers/0/env/0", value = { name = "Z", value = "0" } },
        { op = "add", path = "/spec/template/spec/containers/0/env/-", value = { name = "Y", value = "9" } },
        { op = "remove", path = "/spec/template/spec/containers/0/env/1" },
        { op = "replace", path = "/spec/template/spec/containers/0/env/2/value", value = "two" },
      })
      assert.same({ { name = "Z", value = "0" }, { name = "B", value = "2" }, { name = "Y", value = "two" } },
        obj.spec.template.spec.containers[1].env)
    end)

    it("adds at the end index of a list", function()
      local obj = run({ { op = "add", path = "/spec/template/spec/volumes/1", value = { name = "v" } } })
      assert.equal("v", obj.spec.template.spec.volumes[2].name)
    end)

    it("unescapes ~1 and ~0 in pointers", function()
      local obj = run({ { op = "add", path = "/metadata/labels/app.kubernetes.io~1name", value = "api" },
        { op = "add", path = "/metadata/labels/a~0b", value = "t" } })
      assert.equal("api", obj.metadata.labels["app.kubernetes.io/name"])
      assert.equal("t", obj.metadata.labels["a~b"])
    end)

    it("writes fsgen.null as a null value", function()
      local obj = run({ { op = "add", path = "/spec/strategy", value = null } })
      assert.equal(null, obj.spec.strategy)
    end)

    it("replaces the whole object with path ''", function()
      local objs = { deployment("flagsmith-api") }
      patch.apply(objs, { { kind = "Deployment", json = { { op = "replace", path = "",
        value = { apiVersion = "v1", kind = "ConfigMap", metadata = { name = "c" } } } } } }, "x")
      assert.equal("ConfigMap", objs[1].kind)
    end)

    it("copies values so patched objects do not share them", function()
      local value = { a = { b = 1 } }
      local objs = { deployment("one"), deployment("two") }
      patch.apply(objs, { { kind = "Deployment", json = { { op = "add", path = "/metadata/annotations", value = value } } } }, "x")
      objs[1].metadata.annotations.a.b = 2
      assert.equal(1, objs[2].metadata.annotations.a.b)
      assert.equal(1, value.a.b)
    end)

    local cases = {
      { { { op = "replace", path = "/spec/replicaz", value = 2 } },
        "x: patches[0] (Deployment/flagsmith-api): json[0] (replace /spec/replicaz): "
          .. "/spec has no member 'replicaz' (did you mean 'replicas'?)" },
      { { { op = "add", path = "/spc/replicas", value = 2 } },
        "x: patches[0] (Deployment/flagsmith-api): json[0] (add /spc/replicas): "
          .. "the object has no member 'spc' (did you mean 'spec'?)" },
      { { { op = "remove", path = "/spec/template/spec/containers/3" } },
        "x: patches[0] (Deployment/flagsmith-api): json[0] (remove /spec/template/spec/containers/3): "
          .. "/spec/template/spec/containers has no element 3 (it has 1)" },
      { { { op = "add", path = "/spec/template/spec/containers/01/x", value = 1 } },
        "x: patches[0] (Deployment/flagsmith-api): json[0] (add /spec/template/spec/containers/01/x): "
          .. "/spec/template/spec/containers has no element 01" },
      { { { op = "replace", path = "/spec/template/spec/containers/-", value = 1 } },
        "x: patches[0] (Deployment/flagsmith-api): json[0] (replace /spec/template/spec/containers/-): "
          .. "/spec/template/spec/containers has no element - (it has 1)" },
      { { { op = "add", path = "/spec/replicas/x", value = 1 } },
        "x: patches[0] (Deployment/flagsmith-api): json[0] (add /spec/replicas/x): /spec/replicas is not a map or a list" },
      { { { op = "test", path = "/spec/replicas", value = 2 } },
        "x: patches[0] (Deployment/flagsmith-api): json[0] (test /spec/replicas): test failed" },
      { { { op = "move", path = "/spec/replicas", from = "/x" } },
        "x: patches[0] (Deployment/flagsmith-api): json[0] (move /spec/replicas): "
          .. "unsupported op 'move' (expected add, replace, remove or test)" },
      { { { op = "add", path = "/spec/x" } },
        "x: patches[0] (Deployment/flagsmith-api): json[0] (add /spec/x): 'add' needs a value" },
      { { { op = "add", path = "spec", value = 1 } },
        "x: patches[0] (Deployment/flagsmith-api): json[0] (add spec): path must be a string that is empty or starts with '/'" },
      { { { op = "add", path = "/a~2b", value = 1 } },
        "x: patches[0] (Deployment/flagsmith-api): json[0] (add /a~2b): '~' in a path must be followed by 0 or 1" },
      { { { op = "remove", path = "" } },
        "x: patches[0] (Deployment/flagsmith-api): json[0] (remove ): cannot remove the whole object (use delete = true)" },
      { { { op = "replace", path = "/spec/replicas", value = 2 }, { op = "remove", path = "/nope" } },
        "x: patches[0] (Deployment/flagsmith-api): json[1] (remove /nope): the object has no member 'nope'" },
    }
    for i, case in ipairs(cases) do
      it("reports failed operation " .. i, function()
        assert.equal(case[2], json_error(case[1]))
      end)
    end

    it("tests deep values", function()
      assert.has_no.errors(function()
        run({ { op = "test", path = "/spec/template/spec/containers/0/ports",
          value = { { name = "http", containerPort = 8000 } } } })
      end)
    end)
  end)
end)
