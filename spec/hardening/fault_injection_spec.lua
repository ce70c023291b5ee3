-- Output under failing I/O: every write, rename, open, close, chmod and
-- directory creation that `-o DIR` and `--depfile` make fails in turn, with
-- ENOSPC, EACCES and EIO (spec/hardening/fault_inject.c, preloaded).  Each
-- run exits 1 with one line naming the output and the cause, the previous
-- output and depfile stay byte-identical, and no temporary is left; a short
-- write is retried and changes nothing.
local cli = require "support.cli"
local h = require "hardening.support"
local util = require "luassert.util"

local base = cli.src("spec/fixtures/demo/overlays/base.lua")
local prod = cli.src("spec/fixtures/demo/overlays/prod.lua")
local shim = (os.getenv("FSGEN_BUILD_DIR") or "build") .. "/fault_inject.so"

-- Every run is of the fsgen that LD_PRELOAD reaches.
local function run(args, opts)
  opts = opts or {}
  opts.bin = cli.dynamic_bin
  return cli.run(args, opts)
end

local ERRORS = {
  ENOSPC = "No space left on device", EACCES = "Permission denied", EIO = "Input/output error",
}
-- Under a checker (valgrind) every run is slow: one errno, and of each kind
-- of call the first and the last, are enough there.
local ERRNOS = cli.wrapper and { "ENOSPC" } or { "ENOSPC", "EACCES", "EIO" }
local function sampled(n, count, first)
  return not cli.wrapper or n == (first or 0) + 1 or n == count
end

local function preload()
  local existing = os.getenv("LD_PRELOAD")
  -- a sanitizer runtime already preloaded must stay first
  return existing and existing ~= "" and (existing .. ":" .. shim) or shim
end

local function with_fault(fault, extra)
  return ("LD_PRELOAD=%s FSGEN_FAULT=%s%s"):format(cli.quote(preload()), cli.quote(fault or ""), extra or "")
end

-- How many calls of each kind a run makes.
local function census(args, cwd)
  local log = os.tmpname()
  local r = run(args, { cwd = cwd, env = with_fault(nil, " FSGEN_FAULT_LOG=" .. cli.quote(log)) })
  assert(r.code == 0, r.stderr)
  local counts = {}
  for name, n in (cli.read(log) or ""):gmatch("(%S+) (%d+)") do counts[name] = tonumber(n) end
  os.remove(log)
  return counts
end

-- A scratch directory holding the previous output of `base` (out/, out.d).
local function previous(tmp)
  cli.rmtree(tmp)
  assert(os.execute("mkdir -p " .. cli.quote(tmp)))
  local r = run({ "-o", "out", "--depfile", "out.d", base }, { cwd = tmp })
  assert(r.code == 0, r.stderr)
  return { out = h.snapshot(tmp .. "/out"), depfile = cli.read(tmp .. "/out.d") }
end

local function points(counts, calls)
  local list = {}
  for _, call in ipairs(calls) do
    for n = 1, counts[call] or 0 do
      if sampled(n, counts[call]) then list[#list + 1] = { call = call, n = n } end
    end
  end
  return list
end

-- The calls fsgen makes to write; removing the replaced output after the
-- switch is cleanup, tested on its own below.
local WRITE_CALLS = { "mkdir", "mkdtemp", "open", "write", "fchmod", "close", "chmod", "rename", "renameat2", "fsync" }

-- Runs args under each fault of the list and returns what went wrong.
--   expect.output  true: the previous output directory must be intact
local function failing_runs(tmp, args, faults, expect)
  local failures = {}
  for _, fault in ipairs(faults) do
    local before = previous(tmp)
    local r = run(args, { cwd = tmp, env = with_fault(fault) })
    local problems = {}
    local errno = fault:match("[^:]+$")
    if r.code ~= 1 then problems[#problems + 1] = "exit " .. tostring(r.code) end
    if r.stdout ~= "" then problems[#problems + 1] = "output on stdout" end
    if h.line_count(r.stderr) ~= 1 or not r.stderr:match("^fsgen: out[%.d]*: ") then
      problems[#problems + 1] = "message " .. ("%q"):format(r.stderr)
    elseif not r.stderr:find(ERRORS[errno], 1, true) then
      problems[#problems + 1] = "message without the cause: " .. r.stderr
    end
    if expect.output and not util.deepcompare(h.snapshot(tmp .. "/out"), before.out, true) then
      problems[#problems + 1] = "previous output changed"
    end
    if cli.read(tmp .. "/out.d") ~= before.depfile then problems[#problems + 1] = "previous depfile changed" end
    local left = h.ls(tmp)
    if #left ~= 2 then problems[#problems + 1] = "left " .. table.concat(left, " ") end
    if #problems > 0 then failures[#failures + 1] = fault .. ": " .. table.concat(problems, "; ") end
  end
  return failures
end

-- Faults at calls first..last of each kind, with each errno.
local function faults_between(first, last, calls)
  local list = {}
  for _, call in ipairs(calls) do
    for n = (first[call] or 0) + 1, last[call] or 0 do
      if sampled(n, last[call], first[call]) then
        for _, errno in ipairs(ERRNOS) do list[#list + 1] = ("%s:%d:%s"):format(call, n, errno) end
      end
    end
  end
  return list
end

describe("fault injection", function()
  local tmp, args, after, counts, dir_counts

  setup(function()
    assert(io.open(shim, "rb"), "no " .. shim .. " (built by spec/hardening/tests.cmake)"):close()
    tmp = cli.tmpdir() .. "/w"
    args = { "-o", "out", "--depfile", "out.d", prod }
    -- what a good run writes over the previous output
    previous(tmp)
    assert.are.equal(0, run(args, { cwd = tmp }).code)
    after = { out = h.snapshot(tmp .. "/out"), depfile = cli.read(tmp .. "/out.d") }
    previous(tmp)
    counts = census(args, tmp)
    previous(tmp)
    dir_counts = census({ "-o", "out", prod }, tmp)
  end)

  teardown(function() cli.rmtree((tmp:gsub("/w$", ""))) end)

  it("sees every file written: a directory, each object, the depfile", function()
    local files = 0
    for _ in pairs(after.out) do files = files + 1 end
    assert.are.equal(files, dir_counts.open)
    assert.are.equal(files + 1, counts.open)
    assert.is_true(counts.write >= files + 1)
    assert.are.equal(1, counts.mkdtemp)
    assert.are.equal(1, counts.renameat2 + (counts.rename - 1))
  end)

  it("-o DIR, each failure: exit 1, one line, previous output intact, no temporary", function()
    local faults = faults_between({}, dir_counts, WRITE_CALLS)
    assert.is_true(#faults >= (cli.wrapper and 10 or 30) * #ERRNOS, #faults .. " failure points")
    assert.are.same({}, failing_runs(tmp, { "-o", "out", prod }, faults, { output = true }))
  end)

  it("--depfile, each failure: exit 1, one line, previous depfile intact, no temporary", function()
    local faults = faults_between(dir_counts, counts, WRITE_CALLS)
    assert.is_true(#faults >= (cli.wrapper and 3 or 4) * #ERRNOS, #faults .. " failure points")
    assert.are.same({}, failing_runs(tmp, args, faults, {}))
  end)

  -- fsgen writes the depfile after the output directory (lua/fsgen/main.lua),
  -- so a failing depfile leaves the new output in place with the old depfile.
  -- Reproducer: spec/hardening/repro/depfile_after_output.sh.
  pending("--depfile failing: the previous output stays too (depfile written first)")

  it("a short write is retried: the output is complete", function()
    for n = 1, counts.write do
      if sampled(n, counts.write) then
        previous(tmp)
        local r = run(args, { cwd = tmp, env = with_fault(("write:%d:short"):format(n)) })
        assert.are.equal(0, r.code, r.stderr)
        assert.are.same(after.out, h.snapshot(tmp .. "/out"))
        assert.are.equal(after.depfile, cli.read(tmp .. "/out.d"))
      end
    end
  end)

  it("a short write followed by a full disk fails cleanly", function()
    for n = 1, counts.write do
      if sampled(n, counts.write) then
        local before = previous(tmp)
        local depfile_write = n > dir_counts.write
        local r = run(args, { cwd = tmp, env = with_fault(("write:%d:shortfail"):format(n)) })
        assert.are.equal(1, r.code)
        assert.truthy(r.stderr:find("No space left on device", 1, true), r.stderr)
        if not depfile_write then assert.are.same(before.out, h.snapshot(tmp .. "/out")) end
        assert.are.equal(before.depfile, cli.read(tmp .. "/out.d"))
        assert.are.same({ "out", "out.d" }, h.ls(tmp))
      end
    end
  end)

  it("a failure removing the replaced output does not fail the run, and says what is left", function()
    assert.is_true(counts.remove > 0)
    for n = 1, counts.remove do
      if sampled(n, counts.remove) then
        previous(tmp)
        local r = run(args, { cwd = tmp, env = with_fault(("remove:%d:EACCES"):format(n)) })
        assert.are.equal(0, r.code, r.stderr)
        assert.are.same(after.out, h.snapshot(tmp .. "/out"))
        local left = h.temporaries(tmp)
        assert.are.equal(1, #left)
        assert.are.equal(("fsgen: warning: out: the previous output is left in ./%s (cannot remove it: "
          .. "Permission denied)\n"):format(left[1]), r.stderr)
      end
    end
  end)

  it("creating missing parents of -o: each failure is clean", function()
    local deep = { "-o", "new/parent/out", prod }
    cli.rmtree(tmp)
    assert(os.execute("mkdir -p " .. cli.quote(tmp)))
    local c = census(deep, tmp)
    assert.is_true(c.mkdir >= 2, "mkdir calls: " .. tostring(c.mkdir))
    for n = 1, c.mkdir do
      for _, errno in ipairs(ERRNOS) do
        local fault = ("mkdir:%d:%s"):format(n, errno)
        cli.rmtree(tmp)
        assert(os.execute("mkdir -p " .. cli.quote(tmp)))
        local r = run(deep, { cwd = tmp, env = with_fault(fault) })
        assert.are.equal(1, r.code, fault)
        assert.are.equal(1, h.line_count(r.stderr), fault .. ": " .. r.stderr)
        assert.truthy(r.stderr:find(ERRORS[errno], 1, true), fault .. ": " .. r.stderr)
        local f = io.open(tmp .. "/new/parent/out/kustomization.yaml")
        assert.is_nil(f, fault .. ": an output was written")
        assert.are.same({}, h.temporaries(tmp .. "/new/parent"), fault)
      end
    end
  end)

  -- Each write fault of a run whose only output is `file`: exit 1, one
  -- line, the previous file intact, no temporary.
  local function one_file_faults(args_file, file)
    previous(tmp)
    local c = census(args_file, tmp)
    for _, p in ipairs(points(c, WRITE_CALLS)) do
      h.write(tmp .. "/" .. file, "previous\n")
      local fault = ("%s:%d:EIO"):format(p.call, p.n)
      local r = run(args_file, { cwd = tmp, env = with_fault(fault) })
      assert.are.equal(1, r.code, fault)
      assert.are.equal("fsgen: " .. file .. ": cannot write: Input/output error\n", r.stderr, fault)
      assert.are.equal("previous\n", cli.read(tmp .. "/" .. file), fault)
      assert.are.same({}, h.temporaries(tmp), fault)
    end
  end

  it("a stream with a depfile: a failing depfile keeps the previous one", function()
    one_file_faults({ "--depfile", "out.yaml.d", prod }, "out.yaml.d")
  end)

  it("--stream -o FILE, each failure: exit 1, one line, the previous file intact, no temporary", function()
    one_file_faults({ "--stream", "-o", "out.yaml", prod }, "out.yaml")
  end)

  -- --each: the workers stage every environment, then the parent puts them
  -- in place one by one.  A failure while staging writes nothing; one while
  -- putting in place leaves each environment whole, old or new.
  for _, mode in ipairs { { name = "directories", args = {}, commit = "renameat2" },
                          { name = "--stream files", args = { "--stream" }, commit = "rename" } } do
    it("--each into " .. mode.name .. ": each failure leaves every environment whole, no temporary", function()
      local args_each = { "--each", "-o", "envs", prod, base }
      for _, a in ipairs(mode.args) do table.insert(args_each, 2, a) end
      local faults = { "open:1:EIO", "write:1:EIO", "fchmod:1:EIO", mode.commit .. ":1:EIO", mode.commit .. ":2:EIO" }
      for _, fault in ipairs(faults) do
        cli.rmtree(tmp)
        assert(os.execute("mkdir -p " .. cli.quote(tmp)))
        assert.are.equal(0, run(args_each, { cwd = tmp }).code) -- the new output, to compare with
        local new = {}
        for _, env in ipairs { "prod", "base" } do
          new[env] = h.snapshot(tmp .. "/envs/" .. env) or cli.read(tmp .. "/envs/" .. env .. ".yaml")
        end
        cli.rmtree(tmp .. "/envs")
        local old_args = { "--set", "web.replicas=7" }
        for _, a in ipairs(args_each) do old_args[#old_args + 1] = a end
        assert.are.equal(0, run(old_args, { cwd = tmp }).code)
        local old = {}
        for _, env in ipairs { "prod", "base" } do
          old[env] = h.snapshot(tmp .. "/envs/" .. env) or cli.read(tmp .. "/envs/" .. env .. ".yaml")
        end
        local r = run(args_each, { cwd = tmp, env = with_fault(fault) })
        assert.are.equal(1, r.code, fault)
        for line in r.stderr:gmatch("[^\n]+") do
          assert.truthy(line:match("^fsgen: .*envs/%a+[%.yaml]*: cannot write: Input/output error$"), fault .. ": " .. line)
        end
        local staging = not fault:find(mode.commit, 1, true)
        for _, env in ipairs { "prod", "base" } do
          local now = h.snapshot(tmp .. "/envs/" .. env) or cli.read(tmp .. "/envs/" .. env .. ".yaml")
          local whole = util.deepcompare(now, old[env], true) or (not staging and util.deepcompare(now, new[env], true))
          assert.is_true(whole, fault .. ": " .. env .. " is not whole")
        end
        assert.are.same({}, h.temporaries(tmp .. "/envs"), fault)
      end
    end)
  end

  it("a full standard output is an error, not a truncated success", function()
    local err = os.tmpname()
    local _, _, code = os.execute(("%s%s %s >/dev/full 2>%s"):format(
      cli.wrapper and (cli.wrapper .. " ") or "", cli.quote(cli.bin), cli.quote(prod), err))
    assert.are.equal(1, code)
    assert.are.equal("fsgen: cannot write to standard output: No space left on device\n", cli.read(err))
    os.remove(err)
  end)
end)
