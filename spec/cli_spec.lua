-- The command line: help, version, release options, layering order, install.
local cli = require "support.cli"

local chart = cli.src("spec/fixtures/demo/chart")
local prod = cli.src("spec/fixtures/demo/overlays/prod.lua")

describe("fsgen --help", function()
  it("fits one screen, shows an example, exits 0", function()
    local r = cli.run({ "--help" })
    assert.are.equal(0, r.code)
    local lines = select(2, r.stdout:gsub("\n", ""))
    assert.is_true(lines <= 24, lines .. " lines")
    assert.truthy(r.stdout:find("example:", 1, true))
    for _, opt in ipairs { "--output", "--values", "--set", "--set-string", "--namespace", "--name",
                           "--chart", "--depfile", "--root", "--trace", "--version" } do
      assert.truthy(r.stdout:find(opt, 1, true), opt)
    end
  end)

  it("--version prints the version", function()
    local r = cli.run({ "--version" })
    assert.are.equal(0, r.code)
    assert.truthy(r.stdout:match("^fsgen %d+%.%d+%.%d+\n$"))
  end)
end)

describe("rendering", function()
  it("without overlays renders the chart's defaults", function()
    local r = cli.run({ "--chart", chart })
    assert.are.equal(0, r.code, r.stderr)
    assert.truthy(r.stdout:find("name: demo-web\n", 1, true))
    assert.truthy(r.stdout:find("namespace: default\n", 1, true))
    assert.is_nil(r.stdout:find("kind: Ingress", 1, true))
  end)

  it("-n and --name set the release, over the overlay's", function()
    local base = cli.src("spec/fixtures/demo/overlays/base.lua")
    local r = cli.run({ "-n", "flags", "--name", "prod", base })
    assert.are.equal(0, r.code, r.stderr)
    assert.truthy(r.stdout:find("name: prod-web\n  namespace: flags\n", 1, true))
    assert.is_nil(r.stdout:find("namespace: demo", 1, true))
  end)

  it("layers -f after overlays and --set after -f, --set-string after --set", function()
    local tmp = cli.tmpdir()
    local f = assert(io.open(tmp .. "/v.yaml", "w"))
    f:write("web:\n  replicas: 5\n  port: 81\nimage:\n  tag: from-file\n")
    f:close()
    local r = cli.run({ "-f", tmp .. "/v.yaml", "--set", "web.replicas=7", "--set-string", "image.tag=007",
      "--set", "image.tag=9", prod })
    cli.rmtree(tmp)
    assert.are.equal(0, r.code, r.stderr)
    assert.truthy(r.stdout:find("replicas: 7\n", 1, true))
    assert.truthy(r.stdout:find("containerPort: 81\n", 1, true))
    assert.truthy(r.stdout:find("image: example/demo:007\n", 1, true))
  end)

  it("--set null deletes a key, lists replace", function()
    local r = cli.run({ "--set", "ingress.hosts={a.example.com,b.example.com}", prod })
    assert.are.equal(0, r.code, r.stderr)
    assert.truthy(r.stdout:find("host: a.example.com", 1, true))
    assert.truthy(r.stdout:find("host: b.example.com", 1, true))
    assert.is_nil(r.stdout:find("demo.example.com", 1, true))
    r = cli.run({ "--set", "web.podAnnotations.a=1", "--set", "web.podAnnotations.a=null", prod })
    assert.are.equal(0, r.code, r.stderr)
    assert.truthy(r.stdout:find("annotations: {}", 1, true))
  end)

  it("--trace adds the Lua traceback", function()
    local tmp = cli.tmpdir()
    local f = assert(io.open(tmp .. "/o.lua", "w"))
    f:write("local function inner() error('boom') end\ninner()\n")
    f:close()
    local plain = cli.run({ "--chart", chart, "o.lua" }, { cwd = tmp })
    local traced = cli.run({ "--trace", "--chart", chart, "o.lua" }, { cwd = tmp })
    cli.rmtree(tmp)
    assert.are.equal("fsgen: o.lua:1: boom\n", plain.stderr)
    assert.are.equal(1, traced.code)
    assert.truthy(traced.stderr:find("stack traceback:", 1, true))
    assert.truthy(traced.stderr:find("o.lua:2", 1, true))
  end)
end)

describe("Lua's math library", function()
  -- libm is linked in (the static executable) or opens on the first call
  -- into it (with the shared libc: runtime/libm_lazy.c); either way, every
  -- function Lua reaches through it gives what lua5.4 gives.
  it("computes as lua5.4 does, through every libm function Lua calls", function()
    local exprs = {
      "math.sin(1.0)", "math.cos(1.0)", "math.tan(1.0)", "math.asin(0.5)", "math.acos(0.5)",
      "math.atan(1.0, 2.0)", "math.exp(1.5)", "math.log(10.0)", "math.log(8.0, 2)",
      "math.log(1000.0, 10)", "math.log(7.0, 3)", "math.sqrt(2.0)", "math.fmod(7.5, 2.0)",
      "2.5 % 0.7", "2.5 ^ 1.5",
    }
    local data, want = {}, {}
    for i, e in ipairs(exprs) do
      data[#data + 1] = ("k%02d = ('%%.17g'):format(%s)"):format(i, e)
      want[#want + 1] = ("  k%02d: \"%.17g\"\n"):format(i, assert(load("return " .. e))())
    end
    local tmp = cli.tmpdir()
    cli.write(tmp .. "/math.lua", ([[
return { transform = function(objects)
  objects[#objects + 1] = { apiVersion = "v1", kind = "ConfigMap",
    metadata = { name = "math" }, data = { %s } }
  return objects
end }
]]):format(table.concat(data, ", ")))
    local r = cli.run({ "--chart", chart, tmp .. "/math.lua" })
    cli.rmtree(tmp)
    assert.are.equal(0, r.code, r.stderr)
    local got = {} -- the ConfigMap's data: the only kNN keys of the output
    for line in r.stdout:gmatch("[^\n]+") do
      if line:match("^  k%d%d: ") then got[#got + 1] = line .. "\n" end
    end
    assert.are.equal(table.concat(want), table.concat(got))
  end)
end)

describe("cmake --install", function()
  it("installs a binary that finds its Lua code and overlays", function()
    local build = os.getenv("FSGEN_BUILD_DIR")
    if not build then return pending("FSGEN_BUILD_DIR not set") end
    local prefix = cli.tmpdir()
    assert.is_true(os.execute("cmake --install " .. cli.quote(build) .. " --prefix " .. cli.quote(prefix) .. " >/dev/null"))
    -- The installed fsgen is the build's own, static where the build's is:
    -- run without the checker, which cannot follow a static executable.
    local installed = { bin = prefix .. "/bin/fsgen", wrapper = false }
    local r = cli.run({ "--chart", chart, "--version" }, installed)
    assert.are.equal(0, r.code)
    assert.is_true(cli.read(prefix .. "/share/fsgen/lua/fsgen/main.lua") ~= nil)
    r = cli.run({ prod }, { bin = installed.bin, wrapper = false, cwd = "/" })
    assert.are.equal(0, r.code, r.stderr)
    assert.are.equal(cli.run({ prod }, { cwd = "/" }).stdout, r.stdout)
    cli.rmtree(prefix)
  end)
end)
