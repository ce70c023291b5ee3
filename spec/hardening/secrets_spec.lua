-- Secrets hygiene: a password given by values (an overlay, a -f file or
-- --set) never appears on stderr, whatever goes wrong in the run; `values`
-- and `explain` redact it; files holding Secret objects are mode 0600.
local cli = require "support.cli"
local h = require "hardening.support"

local chart = cli.src("spec/fixtures/demo/chart")
local PASSWORD = "Pa55-XYZZY-hunter2"

-- Every case runs three times, the password coming from each source.
local SOURCES = {
  overlay = { files = { ["pw.lua"] = ("return { values = { secret = { password = %q } } }\n"):format(PASSWORD) },
              args = { "pw.lua" } },
  file = { files = { ["pw.yaml"] = ("secret:\n  password: %s\n"):format(PASSWORD) }, args = { "-f", "pw.yaml" } },
  set = { args = { "--set", "secret.password=" .. PASSWORD } },
}

-- An overlay that wires the password somewhere it does not belong.
local function wired(field_code)
  return ("return { transform = function(objects, values)\n"
    .. "  local pw = values.secret.password\n"
    .. "  for _, o in ipairs(objects) do %s end\n"
    .. "end }\n"):format(field_code)
end

-- name, files, extra arguments (after the password's source), expected
-- start of stderr.  Each must fail (exit 1 or 2).
local CASES = {
  -- values
  { "unknown value", {}, { "--set", "web.replcas=2" }, "fsgen: --set: unknown value 'web.replcas'" },
  { "wrong type", {}, { "--set-string", "web.replicas=many" }, "fsgen: --set-string: web.replicas: expected a number" },
  { "values function error", { ["f.lua"] = "return { values = function(v) return v.secret.password .. nil end }" },
    { "f.lua" }, "fsgen: f.lua:1: attempt to concatenate a nil value" },
  -- --set syntax, next to the password
  { "--set syntax", {}, { "--set", "secret.password=" .. PASSWORD .. ",web.replicas[" }, "fsgen: --set '" },
  { "--set empty key", {}, { "--set", "secret.password=" .. PASSWORD .. ",=x" }, "fsgen: --set '" },
  { "--set unclosed list", {}, { "--set", "secret.password={" .. PASSWORD }, "fsgen: --set '" },
  { "--set type clash", {}, { "--set", "secret.password=" .. PASSWORD .. ",secret.password.x=1" }, "fsgen: --set '" },
  { "--set-string bad index", {}, { "--set-string", "secret.password=" .. PASSWORD .. ",a[x]=1" }, "fsgen: --set-string '" },
  { "--set trailing backslash", {}, { "--set", "secret.password=" .. PASSWORD .. "\\" }, "fsgen: --set '" },
  -- YAML, in the file that holds the password
  { "YAML unterminated quote", { ["y.yaml"] = "secret:\n  password: \"" .. PASSWORD .. "\n" }, { "-f", "y.yaml" }, "fsgen: y.yaml:" },
  { "YAML wrong tag", { ["y.yaml"] = "secret:\n  password: !!int " .. PASSWORD .. "\n" }, { "-f", "y.yaml" }, "fsgen: y.yaml:2:13: " },
  { "YAML bool tag", { ["y.yaml"] = "secret:\n  password: !!bool " .. PASSWORD .. "\n" }, { "-f", "y.yaml" }, "fsgen: y.yaml:2:13: " },
  { "YAML mapping in a scalar", { ["y.yaml"] = "secret:\n  password: " .. PASSWORD .. ": x\n" }, { "-f", "y.yaml" }, "fsgen: y.yaml:2:" },
  { "YAML tab", { ["y.yaml"] = "secret:\n  password: " .. PASSWORD .. "\n\tx: 1\n" }, { "-f", "y.yaml" }, "fsgen: y.yaml:3:" },
  { "YAML duplicate key", { ["y.yaml"] = "secret:\n  password: " .. PASSWORD .. "\n  password: " .. PASSWORD .. "\n" },
    { "-f", "y.yaml" }, "fsgen: y.yaml:3:3: duplicate key 'password'" },
  { "YAML invalid UTF-8", { ["y.yaml"] = "secret:\n  password: " .. PASSWORD .. "\xff\n" }, { "-f", "y.yaml" }, "fsgen: y.yaml:2:" },
  { "YAML control character", { ["y.yaml"] = "secret:\n  password: " .. PASSWORD .. "\1\n" }, { "-f", "y.yaml" }, "fsgen: y.yaml:2:" },
  { "YAML unclosed flow list", { ["y.yaml"] = "secret:\n  password: [" .. PASSWORD .. "\n" }, { "-f", "y.yaml" }, "fsgen: y.yaml:" },
  { "YAML two documents", { ["y.yaml"] = "secret:\n  password: " .. PASSWORD .. "\n---\nx: 1\n" }, { "-f", "y.yaml" }, "fsgen: y.yaml:" },
  -- patches
  { "patch type error", { ["p.lua"] = "return { patches = { { kind = 'Secret', name = 'demo-secret', "
      .. "merge = { stringData = { PASSWORD = { 'x' } } } } } }" }, { "p.lua" }, "fsgen: Secret/demo-secret: stringData.PASSWORD" },
  { "patch test op", { ["p.lua"] = "return { patches = { { kind = 'Secret', name = 'demo-secret', "
      .. "json = { { op = 'test', path = '/stringData/PASSWORD', value = 'other' } } } } }" }, { "p.lua" }, "fsgen: p.lua:1: " },
  { "patch replace missing", { ["p.lua"] = "return { patches = { { kind = 'Secret', name = 'demo-secret', "
      .. "json = { { op = 'replace', path = '/stringData/NOPE/x', value = 'y' } } } } }" }, { "p.lua" }, "fsgen: p.lua:1: " },
  { "patch matches nothing", { ["p.lua"] = "return { patches = { { kind = 'Secret', name = 'nope', merge = {} } } }" },
    { "p.lua" }, "fsgen: p.lua:1: " },
  -- the emitter
  { "emit NaN beside it", { ["e.lua"] = wired("if o.kind == 'Secret' then o.stringData.OTHER = 0/0 end") },
    { "e.lua" }, "fsgen: Secret/demo-secret: stringData.OTHER: cannot write NaN" },
  { "emit invalid UTF-8", { ["e.lua"] = wired("if o.kind == 'Secret' then o.stringData.PASSWORD = pw .. '\\255' end") },
    { "e.lua" }, "fsgen: Secret/demo-secret: stringData.PASSWORD: invalid UTF-8 in string" },
  { "emit function", { ["e.lua"] = wired("if o.kind == 'Secret' then o.stringData.F = tostring end") },
    { "e.lua" }, "fsgen: Secret/demo-secret: stringData.F: " },
  -- validation, with the password where it does not fit
  { "validation: enum", { ["v.lua"] = wired("if o.kind == 'Service' then o.spec.type = pw end") },
    { "v.lua" }, "fsgen: Service/demo-web: spec.type: " },
  { "validation: integer", { ["v.lua"] = wired("if o.kind == 'Deployment' then o.spec.replicas = pw end") },
    { "v.lua" }, "fsgen: Deployment/demo-web: spec.replicas: " },
  { "validation: quantity", { ["v.lua"] = wired("if o.kind == 'Deployment' then "
      .. "o.spec.template.spec.containers[1].resources = { limits = { cpu = pw } } end") },
    { "v.lua" }, "fsgen: Deployment/demo-web: spec.template.spec.containers[0].resources.limits.cpu: " },
  { "validation: pull policy", { ["v.lua"] = wired("if o.kind == 'Deployment' then "
      .. "o.spec.template.spec.containers[1].imagePullPolicy = pw end") },
    { "v.lua" }, "fsgen: Deployment/demo-web: spec.template.spec.containers[0].imagePullPolicy: " },
  { "validation: port", { ["v.lua"] = wired("if o.kind == 'Service' then o.spec.ports[1].port = pw end") },
    { "v.lua" }, "fsgen: Service/demo-web: spec.ports[0].port: " },
  { "validation: unknown field", { ["v.lua"] = wired("if o.kind == 'Secret' then o.stringDta = { P = pw } end") },
    { "v.lua" }, "fsgen: Secret/demo-secret: stringDta: " },
  -- limits and Lua errors while the password is loaded
  { "instruction budget", { ["b.lua"] = "return { values = function(v) while true do end end }" },
    { "--max-instructions", "1000000", "b.lua" }, "fsgen: b.lua:1: instruction budget" },
  { "memory cap", { ["m.lua"] = "return { values = function(v) local t = {} "
      .. "for i = 1, 1e9 do t[i] = tostring(v.secret.password) .. i end end }" },
    { "--max-memory", "64", "m.lua" }, "fsgen: memory limit of 64 MB exceeded" },
  { "Lua syntax error", { ["s.lua"] = "return { values = { } } }\n" }, { "s.lua" }, "fsgen: s.lua:1: " },
  { "--trace", {}, { "--trace", "--set", "web.replcas=2" }, "fsgen: --set: unknown value" },
  -- output
  { "foreign output directory", { ["mine/notes.txt"] = "mine\n" }, { "-o", "mine" }, "fsgen: mine: refusing" },
  { "depfile name", {}, { "--depfile", "deps" }, "fsgen: --depfile without -o" },
}

local tmp

local function prepare(files)
  cli.rmtree(tmp)
  assert(os.execute("mkdir -p " .. cli.quote(tmp)))
  for name, text in pairs(files) do
    local dir = name:match("^(.*)/")
    if dir then assert(os.execute("mkdir -p " .. cli.quote(tmp .. "/" .. dir))) end
    h.write(tmp .. "/" .. name, text)
  end
end

local function run_case(source, files, extra)
  local all = {}
  for k, v in pairs(SOURCES[source].files or {}) do all[k] = v end
  for k, v in pairs(files) do all[k] = v end
  prepare(all)
  local args = { "--chart", chart }
  for _, a in ipairs(SOURCES[source].args) do args[#args + 1] = a end
  for _, a in ipairs(extra) do args[#args + 1] = a end
  return cli.run(args, { cwd = tmp })
end

describe("a password given by values", function()
  setup(function() tmp = cli.tmpdir() .. "/s" end)
  teardown(function() cli.rmtree((tmp:gsub("/s$", ""))) end)

  it("is in the output of a good run (the cases below see it loaded)", function()
    for source in pairs(SOURCES) do
      local r = run_case(source, {}, {})
      assert.are.equal(0, r.code, r.stderr)
      assert.truthy(r.stdout:find("PASSWORD: " .. PASSWORD, 1, true), source)
    end
  end)

  for i, case in ipairs(CASES) do
    local name, files, extra, expected = case[1], case[2], case[3], case[4]
    -- Under a checker (valgrind), one source a case is enough, in turn.
    local sources = { "overlay", "file", "set" }
    if cli.wrapper then sources = { sources[(i - 1) % 3 + 1] } end
    it("never appears on stderr: " .. name, function()
      for _, source in ipairs(sources) do
        local r = run_case(source, files, extra)
        local what = ("%s (password from %s)"):format(name, source)
        assert.is_true(r.code == 1 or r.code == 2, what .. ": exit " .. tostring(r.code))
        assert.is_nil(r.stderr:find(PASSWORD, 1, true), what .. ": " .. r.stderr)
        assert.is_nil(r.stderr:lower():find(PASSWORD:lower(), 1, true), what .. ": " .. r.stderr)
        -- the intended error, not an earlier one the password source caused
        if not (source == "file" and expected:find("y%.yaml")) then
          assert.are.equal(expected, r.stderr:sub(1, #expected), what .. ": " .. r.stderr)
        end
      end
    end)
  end

  -- Lua's lexer quotes the token it stopped at; in an overlay holding a
  -- password literal, that token is the password.  Reproducer:
  --   return { values = { secret = { password = "Pa55-XYZZY-hunter2 } } }
  --   fsgen: o.lua:1: unfinished string near '"Pa55-XYZZY-hunter2 } } }'
  -- (the same for an invalid escape sequence).  The loader of overlays
  -- (lua/fsgen/sandbox.lua, Loader:run) could drop a string token.
  pending("never appears in a Lua syntax error inside the string literal that holds it")

  -- The validator quotes label values: a label made from a password is
  -- shown ("metadata.labels.x: 'Pa55-XYZZY-hunter2!' is not a valid label
  -- value ...").  Names are meant to be shown; label values need not be.
  pending("never appears in a label value the validator rejects")

  it("is redacted by `values` and `explain`", function()
    for source in pairs(SOURCES) do
      local views = {
        { "values" }, { "values", "--show-origin" },
        { "explain", "secret.password" }, { "explain", "Secret/demo-secret:stringData.PASSWORD" },
      }
      for _, view in ipairs(views) do
        prepare(SOURCES[source].files or {})
        local args = { "--chart", chart, view[1] }
        for _, a in ipairs(SOURCES[source].args) do args[#args + 1] = a end
        for i = 2, #view do args[#args + 1] = view[i] end
        local r = cli.run(args, { cwd = tmp })
        local what = table.concat(view, " ") .. " (password from " .. source .. ")"
        assert.are.equal(0, r.code, what .. ": " .. r.stderr)
        assert.is_nil((r.stdout .. r.stderr):find(PASSWORD, 1, true), what .. ":\n" .. r.stdout)
        assert.truthy(r.stdout:find("<redacted>", 1, true), what .. ":\n" .. r.stdout)
      end
    end
  end)
end)

describe("files holding Secret objects", function()
  local mode = cli.mode

  it("are 0600 whatever the umask, and stay so when the output is replaced", function()
    local dir = cli.tmpdir()
    local prod = cli.src("spec/fixtures/demo/overlays/prod.lua")
    for _, umask in ipairs { "000", "077", "022" } do
      local r = cli.run({ "-o", dir .. "/out", prod }, { env = "umask " .. umask .. ";" })
      assert.are.equal(0, r.code, r.stderr)
      assert.are.equal("600", mode(dir .. "/out/secret-demo-secret.yaml"), "umask " .. umask)
      assert.are.equal("644", mode(dir .. "/out/service-demo-web.yaml"), "umask " .. umask)
      assert.are.equal("644", mode(dir .. "/out/kustomization.yaml"), "umask " .. umask)
      assert.are.equal("755", mode(dir .. "/out"), "umask " .. umask)
    end
    cli.rmtree(dir)
  end)
end)
