-- Validation through the real binary: where a bad value came from, --crd,
-- --strict-kinds, warnings, and what validation does to the output.
--   spec/validate/cli/<case>/args      the command line after `fsgen`, run in the case dir
--   spec/validate/cli/<case>/expected  first line: exit code; the rest: stderr, exactly
local cli = require "support.cli"

local root = cli.src("spec/validate/cli")
local demo = cli.src("spec/fixtures/demo")

local write = cli.write

describe("validation in the binary", function()
  for _, case in ipairs(cli.cases(root)) do
    it(case.name, function()
      local r = cli.run(case.args, { cwd = case.dir })
      assert.are.equal(case.stderr, r.stderr)
      assert.are.equal(case.code, r.code)
      assert.are.equal("", r.stdout)
    end)
  end

  describe("on success", function()
    local tmp
    before_each(function() tmp = cli.tmpdir() end)
    after_each(function() cli.rmtree(tmp) end)

    it("warns about a kind without schema and still writes everything", function()
      write(tmp .. "/o.lua", [[
return { transform = function(objects)
  objects[#objects + 1] = { apiVersion = "cert-manager.io/v1", kind = "Certificate",
    metadata = { name = "demo-tls" }, spec = { secretName = "demo-tls" } }
end }]])
      local r = cli.run({ "--chart", demo .. "/chart", tmp .. "/o.lua" })
      assert.are.equal(0, r.code)
      assert.are.equal("fsgen: warning: Certificate/demo-tls: unchecked: no schema for cert-manager.io/v1 "
        .. "Certificate (add its CustomResourceDefinition with --crd FILE)\n", r.stderr)
      assert.matches("kind: Certificate", r.stdout, 1, true)
    end)

    it("writes empty tables as the schema says: [] for lists, {} for maps", function()
      write(tmp .. "/o.lua", [[
return { transform = function(objects)
  local pod = objects[1].spec.template.spec
  pod.containers[1].args = {}
  pod.nodeSelector = {}
  pod.imagePullSecrets = {}
  pod.tolerations = fsgen.list{}
end }]])
      local r = cli.run({ "--chart", demo .. "/chart", tmp .. "/o.lua" })
      assert.are.equal("", r.stderr)
      assert.matches("\n      - args: []\n", r.stdout, 1, true)
      assert.matches("\n      imagePullSecrets: []\n", r.stdout, 1, true)
      assert.matches("\n      nodeSelector: {}\n", r.stdout, 1, true)
      assert.matches("\n      tolerations: []\n", r.stdout, 1, true)
      assert.matches("\n        resources: {}\n", r.stdout, 1, true)
    end)

    it("refuses an empty table tagged as the wrong kind", function()
      write(tmp .. "/o.lua", [[
return { transform = function(objects)
  objects[1].spec.template.spec.nodeSelector = fsgen.list{}
end }]])
      local r = cli.run({ "--chart", demo .. "/chart", tmp .. "/o.lua" })
      assert.are.equal(1, r.code)
      assert.are.equal("fsgen: Deployment/demo-web: spec.template.spec.nodeSelector: expected a map, "
        .. "got an empty list\n", r.stderr)
    end)

    it("keeps integers in int-or-string fields", function()
      write(tmp .. "/o.lua", [[
return { patches = { { kind = "Service", name = "demo-web",
  merge = { spec = { ports = { { name = "http", targetPort = 8080 } } } } } } }]])
      local r = cli.run({ "--chart", demo .. "/chart", tmp .. "/o.lua" })
      assert.are.equal("", r.stderr)
      assert.matches("\n    targetPort: 8080\n", r.stdout, 1, true)
    end)

    it("lists a --crd file in the depfile", function()
      write(tmp .. "/o.lua", [[
return { transform = function(objects)
  objects[#objects + 1] = { apiVersion = "example.com/v1", kind = "Widget",
    metadata = { name = "w" }, spec = { size = 3 } }
end }]])
      local crd = cli.src("spec/validate/corpus/widget-crd.yaml")
      local r = cli.run({ "--chart", demo .. "/chart", "--crd", crd, "--depfile", tmp .. "/out.yaml.d",
                          tmp .. "/o.lua" })
      assert.are.equal("", r.stderr)
      assert.are.equal(0, r.code)
      assert.matches("widget-crd.yaml", cli.read(tmp .. "/out.yaml.d"), 1, true)
    end)
  end)
end)
