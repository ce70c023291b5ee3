-- The overlay author's tools: explain, values, --check, --each, --stream.
local cli = require "support.cli"

local demo = cli.src("spec/fixtures/demo")

local function run(args, opts)
  opts = opts or {}
  opts.cwd = opts.cwd or demo
  return cli.run(args, opts)
end

describe("fsgen explain", function()
  it("lists every layer of a values path, most recent first", function()
    local r = run({ "explain", "overlays/prod.lua", "web.replicas", "--set", "web.replicas=5" })
    assert.are.equal(0, r.code, r.stderr)
    assert.are.equal(table.concat({
      "web.replicas: 5",
      "  --set                                        5",
      "  overlays/prod.lua:5                          3",
      "  chart default (chart/init.lua)               1",
      "" }, "\n"), r.stdout)
  end)

  it("names -f files with line and column", function()
    local tmp = cli.tmpdir()
    local f = assert(io.open(tmp .. "/v.yaml", "w"))
    f:write("web:\n  port: 81\n")
    f:close()
    local r = run({ "explain", "-f", tmp .. "/v.yaml", "overlays/prod.lua", "web.port" })
    cli.rmtree(tmp)
    assert.are.equal(0, r.code, r.stderr)
    assert.truthy(r.stdout:find("web.port: 81\n  " .. tmp .. "/v.yaml:2:3 ", 1, true), r.stdout)
  end)

  it("redacts secrets", function()
    local r = run({ "explain", "overlays/prod.lua", "secret.password" })
    assert.are.equal(0, r.code, r.stderr)
    assert.is_nil(r.stdout:find("s3cr3t", 1, true))
    assert.truthy(r.stdout:find("secret.password: <redacted>\n  overlays/base.lua:7", 1, true), r.stdout)
    r = run({ "explain", "overlays/prod.lua", "Secret/demo-secret:stringData.PASSWORD" })
    assert.are.equal(0, r.code, r.stderr)
    assert.is_nil(r.stdout:find("s3cr3t", 1, true))
    assert.truthy(r.stdout:find("<redacted>", 1, true))
  end)

  it("follows an object field through render, patches and values", function()
    local r = run({ "explain", "overlays/prod.lua", "Deployment/demo-web:spec.template.spec.priorityClassName" })
    assert.are.equal(0, r.code, r.stderr)
    assert.truthy(r.stdout:find("priorityClassName: high\n  patches of overlays/prod.lua", 1, true), r.stdout)
    assert.truthy(r.stdout:find("render (chart/init.lua)                      (not set)", 1, true), r.stdout)
    r = run({ "explain", "overlays/prod.lua",
      "Deployment/demo-web:spec.template.spec.containers[web].env[WORKERS].value" })
    assert.are.equal(0, r.code, r.stderr)
    assert.truthy(r.stdout:find('value: "4"', 1, true), r.stdout)
    assert.truthy(r.stdout:find("from values web.env.WORKERS:\n    overlays/prod.lua:5", 1, true), r.stdout)
  end)

  it("says when the object does not exist", function()
    local r = run({ "explain", "overlays/prod.lua", "Deployment/nope:spec.replicas" })
    assert.are.equal(1, r.code)
    assert.are.equal("fsgen: explain: no object Deployment/nope in the output\n", r.stderr)
  end)
end)

describe("fsgen values", function()
  it("prints the merged values with their origins", function()
    local r = run({ "values", "--show-origin", "overlays/prod.lua", "--set", "web.replicas=5" })
    assert.are.equal(0, r.code, r.stderr)
    assert.truthy(r.stdout:find("  replicas: 5  # --set\n", 1, true), r.stdout)
    assert.truthy(r.stdout:find("  className: nginx  # overlays/prod.lua:6\n", 1, true), r.stdout)
    assert.truthy(r.stdout:find('  tag: "2.0.0"  # chart default\n', 1, true), r.stdout)
    assert.truthy(r.stdout:find('  password: "<redacted>"  # overlays/base.lua:7\n', 1, true), r.stdout)
    assert.is_nil(r.stdout:find("s3cr3t", 1, true))
  end)

  it("without --show-origin is plain YAML that fsgen reads back as values", function()
    local r = run({ "values", "overlays/prod.lua" })
    assert.are.equal(0, r.code, r.stderr)
    assert.is_nil(r.stdout:find("#", 1, true))
    local tmp = cli.tmpdir()
    local f = assert(io.open(tmp .. "/all.yaml", "w"))
    f:write((r.stdout:gsub('"<redacted>"', "other")))
    f:close()
    local a = run({ "--chart", "./chart", "-n", "demo", "--name", "demo", "-f", tmp .. "/all.yaml" })
    local b = run({ "overlays/prod.lua", "--set", "secret.password=other" })
    cli.rmtree(tmp)
    assert.are.equal(0, a.code, a.stderr)
    -- The same objects, but for the patch only the overlay makes.
    assert.are.equal(b.stdout:gsub("      priorityClassName: high\n", ""), a.stdout)
  end)
end)

describe("--check", function()
  it("exits 0 when the directory is up to date, 1 with a diff when not, writing nothing", function()
    local tmp = cli.tmpdir()
    assert.are.equal(0, run({ "-o", tmp .. "/out", "overlays/prod.lua" }).code)
    local r = run({ "--check", "-o", tmp .. "/out", "overlays/prod.lua" })
    assert.are.equal(0, r.code, r.stderr)
    assert.are.equal("", r.stdout)
    local before = cli.read(tmp .. "/out/deployment-demo-web.yaml")
    r = run({ "--check", "-o", tmp .. "/out", "overlays/prod.lua", "--set", "web.replicas=4" })
    assert.are.equal(1, r.code)
    assert.truthy(r.stdout:find("--- " .. tmp .. "/out/deployment-demo-web.yaml\n", 1, true), r.stdout)
    assert.truthy(r.stdout:find("\n-  replicas: 3\n+  replicas: 4\n", 1, true), r.stdout)
    assert.are.equal(("fsgen: %s/out is not up to date (the diff above is what a render would change)\n")
      :format(tmp), r.stderr)
    assert.are.equal(before, cli.read(tmp .. "/out/deployment-demo-web.yaml"))
    r = run({ "--check", "-o", tmp .. "/out", "overlays/base.lua" })
    assert.are.equal(1, r.code)
    assert.truthy(r.stdout:find("+++ /dev/null", 1, true), r.stdout)
    cli.rmtree(tmp)
  end)
end)

describe("--each", function()
  it("renders each overlay into its own directory, as separate runs would", function()
    local tmp = cli.tmpdir()
    local r = run({ "--each", "-o", tmp .. "/envs", "overlays/prod.lua", "overlays/base.lua" })
    assert.are.equal(0, r.code, r.stderr)
    for _, name in ipairs { "prod", "base" } do
      assert.are.equal(0, run({ "-o", tmp .. "/" .. name, "overlays/" .. name .. ".lua" }).code)
      local p = io.popen(("diff -r %s/envs/%s %s/%s && echo same"):format(tmp, name, tmp, name))
      assert.are.equal("same", p:read("l"))
      p:close()
    end
    cli.rmtree(tmp)
  end)

  it("an error in one environment names it and writes no environment", function()
    local tmp = cli.tmpdir()
    assert.are.equal(0, run({ "--each", "-o", tmp .. "/envs", "overlays/prod.lua", "overlays/base.lua" }).code)
    local before = cli.read(tmp .. "/envs/base/deployment-demo-web.yaml")
    local f = assert(io.open(tmp .. "/broken.lua", "w"))
    f:write('return { extends = { "' .. demo .. '/overlays/base.lua" }, values = { web = { replicas = "x" } } }\n')
    f:close()
    local r = run({ "--each", "-o", tmp .. "/envs", "overlays/prod.lua", "overlays/base.lua", tmp .. "/broken.lua",
      "--set", "web.replicas=2" })
    assert.are.equal(0, r.code, r.stderr) -- --set wins over the broken value
    before = cli.read(tmp .. "/envs/base/deployment-demo-web.yaml")
    r = run({ "--each", "-o", tmp .. "/envs", "overlays/base.lua", tmp .. "/broken.lua", "--set", "web.port=81" })
    assert.are.equal(1, r.code)
    assert.truthy(r.stderr:find("^fsgen: broken: " .. tmp .. "/broken.lua:1: web.replicas: expected a number"), r.stderr)
    assert.are.equal(before, cli.read(tmp .. "/envs/base/deployment-demo-web.yaml"))
    cli.rmtree(tmp)
  end)
end)

describe("--stream", function()
  it("-o FILE: the stdout stream in one file, owner-only when it holds a Secret", function()
    local tmp = cli.tmpdir()
    local file = tmp .. "/new/prod.yaml" -- missing parents are made, as for -o DIR
    local r = run({ "--stream", "-o", file, "overlays/prod.lua" })
    assert.are.equal(0, r.code, r.stderr)
    assert.are.equal("", r.stdout)
    assert.are.equal(run({ "overlays/prod.lua" }).stdout, cli.read(file))
    assert.are.equal("600", cli.mode(file)) -- the demo has a Secret
    assert.are.same({ "prod.yaml" }, cli.list(tmp .. "/new"))
    r = run({ "--stream", "-o", file, "overlays/base.lua" })
    assert.are.equal(0, r.code, r.stderr)
    assert.are.equal(run({ "overlays/base.lua" }).stdout, cli.read(file)) -- replaced whole
    cli.rmtree(tmp)
  end)

  it("--check compares the file and shows what a render would change", function()
    local tmp = cli.tmpdir()
    assert.are.equal(0, run({ "--stream", "-o", tmp .. "/prod.yaml", "overlays/prod.lua" }).code)
    local r = run({ "--check", "--stream", "-o", tmp .. "/prod.yaml", "overlays/prod.lua" })
    assert.are.equal(0, r.code, r.stderr)
    assert.are.equal("", r.stdout)
    r = run({ "--check", "--stream", "-o", tmp .. "/prod.yaml", "overlays/prod.lua", "--set", "web.replicas=4" })
    assert.are.equal(1, r.code)
    assert.truthy(r.stdout:find("\n%-  replicas: 3\n%+  replicas: 4\n"), r.stdout)
    assert.are.equal("fsgen: " .. tmp .. "/prod.yaml is not up to date (the diff above is what a render would change)\n",
      r.stderr)
    cli.rmtree(tmp)
  end)

  it("without -o is a usage error", function()
    local r = run({ "--stream", "overlays/prod.lua" })
    assert.are.equal(2, r.code)
    assert.are.equal("fsgen: --stream needs -o FILE (without -o the stream goes to stdout) (see fsgen --help)\n",
      r.stderr)
  end)

  it("with --each: DIR/<name>.yaml per environment; an error in one writes none", function()
    local tmp = cli.tmpdir()
    local r = run({ "--each", "--stream", "-o", tmp .. "/envs", "overlays/prod.lua", "overlays/base.lua" })
    assert.are.equal(0, r.code, r.stderr)
    assert.are.same({ "base.yaml", "prod.yaml" }, cli.list(tmp .. "/envs"))
    for _, name in ipairs { "prod", "base" } do
      assert.are.equal(run({ "overlays/" .. name .. ".lua" }).stdout, cli.read(tmp .. "/envs/" .. name .. ".yaml"))
    end
    local before = cli.snapshot(tmp .. "/envs")
    cli.write(tmp .. "/broken.lua",
      'return { extends = { "' .. demo .. '/overlays/base.lua" }, values = { web = { replicas = "x" } } }\n')
    r = run({ "--each", "--stream", "-o", tmp .. "/envs", "overlays/prod.lua", "overlays/base.lua",
      tmp .. "/broken.lua", "--set", "web.port=81" })
    assert.are.equal(1, r.code)
    assert.truthy(r.stderr:find("^fsgen: broken: " .. tmp .. "/broken.lua:1: web.replicas: expected a number"), r.stderr)
    assert.are.same(before, cli.snapshot(tmp .. "/envs")) -- unchanged, no temporary file left
    cli.rmtree(tmp)
  end)
end)
