-- examples/: the Makefile builds every environment, and its depfiles make a
-- change rebuild exactly the environments that read the changed file.
local cli = require "support.cli"

local function sh(cmd)
  local p = io.popen(cmd .. " 2>&1; echo \"exit=$?\"")
  local out = p:read("a")
  p:close()
  local code = tonumber(out:match("exit=(%d+)\n$"))
  return code, out:gsub("exit=%d+\n$", "")
end

-- The environments `make -n` would rebuild.
local function stale(dir)
  local code, out = sh(("cd %s && make -n FSGEN=%s"):format(cli.quote(dir), cli.quote(cli.bin)))
  assert.are.equal(0, code, out)
  local envs = {}
  for env in out:gmatch("%-o out/(%w+) ") do envs[#envs + 1] = env end
  table.sort(envs)
  return table.concat(envs, " ")
end

describe("examples/Makefile", function()
  local dir
  before_each(function()
    dir = cli.tmpdir()
    assert.are.equal(0, (sh(("cp -r %s/. %s && rm -rf %s/out"):format(
      cli.quote(cli.src("examples")), cli.quote(dir), cli.quote(dir)))))
  end)
  after_each(function() cli.rmtree(dir) end)

  it("builds dev, staging and prod with make -j", function()
    local code, out = sh(("cd %s && make -j2 FSGEN=%s"):format(cli.quote(dir), cli.quote(cli.bin)))
    assert.are.equal(0, code, out)
    for _, env in ipairs { "dev", "staging", "prod" } do
      assert.is_not_nil(cli.read(dir .. "/out/" .. env .. "/kustomization.yaml"), env)
      assert.truthy(cli.read(dir .. "/out/" .. env .. ".d"):find("overlays/team.lua", 1, true))
    end
    assert.are.equal("", stale(dir))
  end)

  it("touching an overlay rebuilds exactly the environments that read it", function()
    assert.are.equal(0, (sh(("cd %s && make -j2 FSGEN=%s"):format(cli.quote(dir), cli.quote(cli.bin)))))
    -- Times whole hours apart, always later: no same-second ambiguity.
    local hour = 0
    local function at(files)
      hour = hour + 1
      sh(("cd %s && touch -d '+%d hours' %s"):format(cli.quote(dir), hour, files))
    end
    local function settle() at("out/dev out/staging out/prod") end
    local function touch(f) at(f) end
    settle()
    assert.are.equal("", stale(dir))
    touch("overlays/dev.lua")
    assert.are.equal("dev", stale(dir))
    settle()
    touch("overlays/staging.lua")
    assert.are.equal("staging", stale(dir))
    settle()
    touch("overlays/team.lua")
    assert.are.equal("dev prod staging", stale(dir))
    -- And make really rebuilds them.
    local code, out = sh(("cd %s && make FSGEN=%s"):format(cli.quote(dir), cli.quote(cli.bin)))
    assert.are.equal(0, code, out)
    assert.are.equal(3, select(2, out:gsub("%-%-depfile", "")))
  end)

  it("`make check` passes on fresh output and fails on a stale one", function()
    assert.are.equal(0, (sh(("cd %s && make -j2 FSGEN=%s"):format(cli.quote(dir), cli.quote(cli.bin)))))
    local code, out = sh(("cd %s && make -s check FSGEN=%s"):format(cli.quote(dir), cli.quote(cli.bin)))
    assert.are.equal(0, code, out)
    local f = assert(io.open(dir .. "/overlays/dev.lua", "a"))
    f:write('\nreturn { extends = { "team.lua", "minikube" }, values = { api = { replicacount = 3 } } }\n')
    f:close()
    sh(("cd %s && sed -i '0,/^return {/s//local _ = {/' overlays/dev.lua"):format(cli.quote(dir)))
    code, out = sh(("cd %s && make -s check FSGEN=%s"):format(cli.quote(dir), cli.quote(cli.bin)))
    assert.are.equal(2, code, out)
    assert.truthy(out:find("+  replicas: 3", 1, true), out)
  end)

  it("the Helm values file renders unchanged with -f", function()
    local r = cli.run({ "-f", "values/helm-values.yaml" }, { cwd = dir })
    assert.are.equal(0, r.code, r.stderr)
    assert.truthy(r.stdout:find("host: flagsmith.internal.example.com", 1, true))
    assert.truthy(r.stdout:find("replicas: 2\n", 1, true))
  end)
end)

describe("examples/argocd", function()
  local core = require "fsgen.core"

  it("the plugin's generate command renders the Application's overlay", function()
    local plugin = core.load_yaml(assert(cli.read(cli.src("examples/argocd/plugin.yaml"))), "plugin.yaml")
    local app = core.load_yaml(assert(cli.read(cli.src("examples/argocd/application.yaml"))), "application.yaml")
    assert.are.equal("ConfigManagementPlugin", plugin.kind)
    local overlay = app.spec.source.plugin.env[1]
    assert.are.equal("OVERLAY", overlay.name)
    assert.are.equal(plugin.metadata.name .. "-" .. plugin.spec.version, app.spec.source.plugin.name)
    -- Run it as the repo server would: in the source path, with Argo CD's variables.
    local script = plugin.spec.generate.args[1]:gsub("^fsgen ", cli.quote(cli.bin) .. " ")
    local env = ("ARGOCD_APP_NAME=%s ARGOCD_APP_NAMESPACE=%s ARGOCD_ENV_OVERLAY=%s"):format(
      app.metadata.name, app.spec.destination.namespace, overlay.value)
    local p = io.popen(("cd %s && %s sh -c %s 2>&1"):format(
      cli.quote(cli.src(app.spec.source.path)), env, cli.quote(script)))
    local out = p:read("a")
    p:close()
    assert.truthy(out:find("^%-%-%-\n# Source: "), out)
    assert.truthy(out:find("namespace: flagsmith\n", 1, true))
    assert.truthy(out:find("node-pool: flagsmith", 1, true), "the examples' prod overlay")
  end)
end)
