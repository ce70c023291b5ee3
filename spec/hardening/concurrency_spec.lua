-- Several fsgen processes writing the same -o DIR at once (two make rules
-- sharing a target, a retried CI job next to the first): the directory
-- always ends as exactly one run's complete output, every process succeeds
-- (a concurrent replacement is no reason to fail), and no temporary stays.
local cli = require "support.cli"
local h = require "hardening.support"
local util = require "luassert.util"

local prod = cli.src("spec/fixtures/demo/overlays/prod.lua")

-- Process i renders with web.replicas = i, so every output is recognisable.
local function args_for(i, out)
  return { "-o", out, "--set", "web.replicas=" .. i, prod }
end

local expected = {}
local function expected_output(i)
  if not expected[i] then
    local tmp = cli.tmpdir()
    local r = cli.run(args_for(i, tmp .. "/out"))
    assert(r.code == 0, r.stderr)
    expected[i] = h.snapshot(tmp .. "/out")
    cli.rmtree(tmp)
  end
  return expected[i]
end

-- Starts n processes on dir/out together; returns their {code, stderr}.
local function race(dir, n)
  local parts = {}
  for i = 1, n do
    local q = {}
    for j, a in ipairs(args_for(i, "out")) do q[j] = cli.quote(a) end
    parts[#parts + 1] = ("( %s%s %s >/dev/null 2>err%d; echo $? >code%d ) &"):format(
      cli.wrapper and (cli.wrapper .. " ") or "", cli.quote(cli.bin), table.concat(q, " "), i, i)
  end
  assert(os.execute(("cd %s || exit 1; %s wait"):format(cli.quote(dir), table.concat(parts, " "))))
  local results = {}
  for i = 1, n do
    results[i] = { code = tonumber(cli.read(dir .. "/code" .. i)), stderr = cli.read(dir .. "/err" .. i) }
    os.remove(dir .. "/code" .. i)
    os.remove(dir .. "/err" .. i)
  end
  return results
end

local function which_output(snapshot, n)
  for i = 1, n do
    if util.deepcompare(snapshot, expected_output(i), true) then
      return i
    end
  end
  return nil
end

local function rounds(n, count)
  for i = 1, n do expected_output(i) end
  local tmp = cli.tmpdir()
  local starts = { "absent", "empty", "previous" }
  for round = 1, count do
    local start = starts[(round - 1) % #starts + 1]
    if start ~= "previous" then cli.rmtree(tmp .. "/out") end
    if start == "empty" then assert(os.execute("mkdir " .. cli.quote(tmp .. "/out"))) end
    local results = race(tmp, n)
    local what = ("round %d (%s, %d processes)"):format(round, start, n)
    for i, r in ipairs(results) do
      -- Another run replacing the directory at the same moment is no
      -- reason to fail: each run retries until its output is in place.
      assert.are.same({ code = 0, stderr = "" }, r, what .. ": process " .. i)
    end
    local final = h.snapshot(tmp .. "/out")
    assert.is_not_nil(final, what .. ": no output directory")
    local i = which_output(final, n)
    assert.is_not_nil(i, what .. ": the directory is no single run's complete output")
    assert.are.same({}, h.temporaries(tmp), what .. ": temporaries left")
    assert.are.same({ "out" }, h.ls(tmp), what)
  end
  cli.rmtree(tmp)
end

-- Under a checker (valgrind) each run is slow: fewer rounds, all three
-- starting points still covered.
local ROUNDS = cli.wrapper and { 4, 2 } or { 30, 12 }

describe("concurrent runs on one -o DIR", function()
  it(("two processes, %d rounds: one complete output, all succeed"):format(ROUNDS[1]), function()
    rounds(2, ROUNDS[1])
  end)

  it(("eight processes, %d rounds: one complete output, all succeed"):format(ROUNDS[2]), function()
    rounds(8, ROUNDS[2])
  end)
end)
