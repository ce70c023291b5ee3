-- The benchmark's peers (bench/peers/) build the same objects as
-- `fsgen overlays/prod.lua`, compared as data: parsed YAML, documents keyed by
-- kind, namespace and name, so that comments, key order and quoting do not
-- count.  Nothing here is timed.  A peer whose tool is not installed is
-- pending: kubectl with kustomize 5, or node with `npm ci` run in
-- bench/peers/cdk8s.
local cli = require "support.cli"
local core = require "fsgen.core"

-- Overlays may read these; the peers are written for the output without them.
local CLEAN_ENV = "env -u FLAGSMITH_HOST -u FLAGSMITH_DB_HOST -u FLAGSMITH_DB_PASSWORD"
-- The peers are not ours to run under the sanitizer build's preloaded runtime.
local PEER_ENV = "env -u LD_PRELOAD"

local function shell(cmd)
  local p = io.popen(cmd .. " 2>&1; echo \"exit=$?\"")
  local out = p:read("a")
  p:close()
  local body, code = out:match("^(.*)exit=(%d+)\n$")
  return body, tonumber(code)
end

local function installed(cmd)
  local _, code = shell("command -v " .. cmd .. " >/dev/null")
  return code == 0
end

-- name -> object for a YAML stream; two objects under one name are an error.
local function objects(text, source)
  local docs = core.load_yaml(text, source, { multi = true, marks = false })
  local by_name, names = {}, {}
  for _, doc in ipairs(docs) do
    if type(doc) == "table" then
      local meta = doc.metadata or {}
      local name = ("%s/%s/%s"):format(doc.kind, meta.namespace or "", meta.name)
      assert(by_name[name] == nil, source .. ": two objects named " .. name)
      by_name[name] = doc
      names[#names + 1] = name
    end
  end
  table.sort(names)
  return by_name, names
end

local function assert_same_objects(peer_text, peer_name)
  local r = cli.run({ "overlays/prod.lua" }, { cwd = cli.src("."), env = CLEAN_ENV })
  assert.are.equal(0, r.code, r.stderr)
  local want, want_names = objects(r.stdout, "fsgen overlays/prod.lua")
  local got, got_names = objects(peer_text, peer_name)
  assert.are.same(want_names, got_names)
  for _, name in ipairs(want_names) do
    assert.are.same(want[name], got[name], peer_name .. ": " .. name .. " differs from fsgen's")
  end
  assert.is_true(#want_names >= 10, "prod has " .. #want_names .. " objects")
end

describe("benchmark peers", function()
  -- The overlay over a base made now from fsgen's default output (as
  -- `make -C bench kustomize-base` makes the committed one).
  it("kustomize: base + prod overlay = fsgen overlays/prod.lua", function()
    local version = installed("kubectl") and shell(PEER_ENV .. " kubectl version --client") or ""
    if not version:find("Kustomize Version: v5", 1, true) then
      return pending("kubectl with kustomize 5 is not installed")
    end
    local dir = cli.tmpdir()
    local _, copied = shell(("cp -R %s %s"):format(cli.quote(cli.src("bench/peers/kustomize/overlays")),
      cli.quote(dir)))
    assert.are.equal(0, copied)
    local base = cli.run({ "-o", dir .. "/base" }, { cwd = cli.src("."), env = CLEAN_ENV })
    assert.are.equal(0, base.code, base.stderr)
    local r = cli.run({ "kustomize", dir .. "/overlays/prod" }, { bin = "kubectl", env = PEER_ENV })
    cli.rmtree(dir)
    assert.are.equal(0, r.code, r.stderr)
    assert_same_objects(r.stdout, "kubectl kustomize bench/peers/kustomize/overlays/prod")
  end)

  it("cdk8s: node synth.js = fsgen overlays/prod.lua", function()
    if not installed("node") then return pending("node is not installed") end
    if not cli.read(cli.src("bench/peers/cdk8s/node_modules/cdk8s/package.json")) then
      return pending("cdk8s is not installed: npm ci in bench/peers/cdk8s")
    end
    local r = cli.run({ cli.src("bench/peers/cdk8s/synth.js") }, { bin = "node", env = PEER_ENV })
    assert.are.equal(0, r.code, r.stderr)
    assert_same_objects(r.stdout, "node bench/peers/cdk8s/synth.js")
  end)
end)
