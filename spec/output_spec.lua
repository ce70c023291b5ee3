-- Directory output, atomic replacement, depfiles, determinism.
local cli = require "support.cli"

local chart = cli.src("spec/fixtures/demo/chart")
local prod = cli.src("spec/fixtures/demo/overlays/prod.lua")
local base = cli.src("spec/fixtures/demo/overlays/base.lua")

local ls, snapshot, mode = cli.list, cli.snapshot, cli.mode

describe("-o DIR", function()
  local tmp
  before_each(function() tmp = cli.tmpdir() end)
  after_each(function() cli.rmtree(tmp) end)

  it("writes one file per object and a kustomization.yaml in apply order", function()
    local r = cli.run({ "-o", tmp .. "/out", prod })
    assert.are.equal(0, r.code, r.stderr)
    assert.are.equal("", r.stdout)
    assert.are.same({
      "deployment-demo-web.yaml", "deployment-demo-worker.yaml", "ingress-demo-web.yaml",
      "kustomization.yaml", "secret-demo-secret.yaml", "service-demo-web.yaml", "service-demo-worker.yaml",
    }, ls(tmp .. "/out"))
    assert.are.equal(table.concat({
      "---",
      "apiVersion: kustomize.config.k8s.io/v1beta1",
      "kind: Kustomization",
      "resources:",
      "- secret-demo-secret.yaml",
      "- service-demo-web.yaml",
      "- service-demo-worker.yaml",
      "- deployment-demo-web.yaml",
      "- deployment-demo-worker.yaml",
      "- ingress-demo-web.yaml",
      "" }, "\n"), cli.read(tmp .. "/out/kustomization.yaml"))
    assert.are.equal("600", mode(tmp .. "/out/secret-demo-secret.yaml"))
    assert.are.equal("644", mode(tmp .. "/out/service-demo-web.yaml"))
    assert.are.equal("755", mode(tmp .. "/out"))
  end)

  it("the files hold exactly the objects of the stream", function()
    local stream = cli.run({ prod }).stdout
    cli.run({ "-o", tmp .. "/out", prod })
    local order = { "secret-demo-secret", "service-demo-web", "service-demo-worker",
      "deployment-demo-web", "deployment-demo-worker", "ingress-demo-web" }
    local joined = {}
    for i, n in ipairs(order) do joined[i] = cli.read(tmp .. "/out/" .. n .. ".yaml") end
    assert.are.equal(stream, table.concat(joined))
  end)

  it("leaves no stale file from an earlier run", function()
    assert.are.equal(0, cli.run({ "-o", tmp .. "/out", prod }).code)
    assert.are.equal(0, cli.run({ "-o", tmp .. "/out", base }).code)
    for _, n in ipairs(ls(tmp .. "/out")) do
      assert.is_nil(n:find("ingress", 1, true), "stale " .. n)
    end
    assert.are.same({ "out" }, ls(tmp))
  end)

  it("a failed run leaves the previous output byte-identical and no temporary", function()
    assert.are.equal(0, cli.run({ "-o", tmp .. "/out", prod }).code)
    local before = snapshot(tmp .. "/out")
    local r = cli.run({ "-o", tmp .. "/out", "--set", "web.replicas=lots", prod })
    assert.are.equal(1, r.code)
    assert.are.same(before, snapshot(tmp .. "/out"))
    r = cli.run({ "-o", tmp .. "/out", "--set", "web.replicas=2", "--set", "web.nothing=1", prod })
    assert.are.equal(1, r.code)
    assert.are.same(before, snapshot(tmp .. "/out"))
    assert.are.same({ "out" }, ls(tmp))
  end)

  it("writes a depfile naming the output directory and every file read", function()
    local r = cli.run({ "-o", "out", "--depfile", "out.d", prod }, { cwd = tmp })
    assert.are.equal(0, r.code, r.stderr)
    local dep = cli.read(tmp .. "/out.d")
    assert.truthy(dep:match("^out: \\\n"), dep)
    for _, f in ipairs { "overlays/prod.lua", "overlays/base.lua", "chart/init.lua", "chart/labels.lua",
                         "chart/defaults.lua" } do
      assert.truthy(dep:find("\n  " .. cli.src("spec/fixtures/demo/" .. f), 1, true), f .. " missing in\n" .. dep)
      assert.truthy(dep:find("\n" .. cli.src("spec/fixtures/demo/" .. f) .. ":\n", 1, true), f)
    end
  end)
end)

describe("determinism", function()
  it("two renders are byte-identical", function()
    local a, b = cli.run({ prod }), cli.run({ prod })
    assert.are.equal(0, a.code)
    assert.are.equal(a.stdout, b.stdout)
  end)

  it("does not depend on LANG, LC_ALL, TZ or the current directory", function()
    local ref = cli.run({ "--root", "/", prod }, { cwd = cli.src(".") })
    local other = cli.run({ "--root", "/", prod },
      { cwd = "/tmp", env = "LANG=de_DE.UTF-8 LC_ALL=fr_FR.UTF-8 TZ=Pacific/Kiritimati" })
    assert.are.equal(0, ref.code, ref.stderr)
    assert.are.equal(ref.stdout, other.stdout)
  end)

  it("is the reviewed golden output", function()
    local golden = cli.read(cli.src("spec/golden/demo-prod.yaml"))
    local r = cli.run({ prod }, { cwd = cli.src("spec/fixtures/demo") })
    assert.are.equal(golden, r.stdout)
  end)
end)
