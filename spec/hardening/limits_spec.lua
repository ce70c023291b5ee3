-- Resource limits: huge, deep, self-referencing or endless inputs each end
-- in bounded time and memory with the one-line error meant for them, never
-- with a crash, the OOM killer or a bare "stack overflow".  Big inputs are
-- generated here, at run time.
local cli = require "support.cli"
local h = require "hardening.support"

local chart = cli.src("spec/fixtures/demo/chart")

-- Bounds are generous: they catch a hang or a runaway, not a slow machine.
-- Sanitizers and valgrind make every run several times slower and bigger.
local sanitized = h.sanitized()
local SLOW = (cli.wrapper and 20) or (sanitized and 5) or 1
local function seconds(n) return n * SLOW end
local function megabytes(n) return (not sanitized) and n * 1024 or nil end

local tmp
local function file(name, text)
  h.write(tmp .. "/" .. name, text)
  return name
end

-- Runs fsgen in tmp and checks exit 1, the one-line message, time and peak
-- memory (when measurable).
local function expect_error(args, message, max_seconds, max_mb)
  local full = { "--chart", chart }
  for _, a in ipairs(args) do full[#full + 1] = a end
  local r = h.run_measured(full, { cwd = tmp })
  assert.are.equal(1, r.code, r.stderr)
  assert.are.equal("", r.stdout)
  assert.are.equal(1, h.line_count(r.stderr), r.stderr)
  assert.truthy(r.stderr:find(message, 1, true), ("want %q, got %q"):format(message, r.stderr:sub(1, 300)))
  assert.is_true(r.seconds < max_seconds, ("%.1f s, more than %d s"):format(r.seconds, max_seconds))
  if max_mb and r.max_kb then
    assert.is_true(r.max_kb < max_mb, ("%d MB peak, more than %d MB"):format(r.max_kb // 1024, max_mb // 1024))
  end
  return r
end

-- Writes n lines made by line(i) to name, in large chunks.
local function generate(name, header, n, line)
  local f = assert(io.open(tmp .. "/" .. name, "wb"))
  f:write(header)
  local chunk = {}
  for i = 1, n do
    chunk[#chunk + 1] = line(i)
    if #chunk == 10000 then
      f:write(table.concat(chunk))
      chunk = {}
    end
  end
  f:write(table.concat(chunk))
  f:close()
  return name
end

describe("resource limits", function()
  before_each(function() tmp = cli.tmpdir() end)
  after_each(function() cli.rmtree(tmp) end)

  it("a 100 MB values file stops at the memory cap", function()
    local pad = ("x"):rep(100)
    generate("big.yaml", "web:\n  podAnnotations:\n", 100 * 1024 * 1024 // 120,
      function(i) return ("    key%07d: %s\n"):format(i, pad) end)
    expect_error({ "--max-memory", "256", "-f", "big.yaml" },
      "fsgen: memory limit of 256 MB exceeded (raise it with --max-memory)",
      seconds(60), megabytes(256 + 160))
  end)

  it("a 1,000,000-element list from a values file, under an unknown key", function()
    generate("list.yaml", "web:\n  extraHosts:\n", 1000000, function(i) return ("  - h%d\n"):format(i) end)
    expect_error({ "-f", "list.yaml" }, "fsgen: list.yaml:2:3: unknown value 'web.extraHosts'",
      seconds(30), megabytes(600))
  end)

  it("a 1,000,000-element list built in Lua, rendered into 1,000,000 ingress rules", function()
    file("o.lua", [[
      local hosts = {}
      for i = 1, 1000000 do hosts[i] = "h" .. i .. ".example.com" end
      return { values = { ingress = { enabled = true, hosts = hosts } } }
    ]])
    expect_error({ "--max-memory", "256", "o.lua" }, "fsgen: memory limit of 256 MB exceeded",
      seconds(60), megabytes(256 + 160))
  end)

  it("10,000-deep values built in Lua", function()
    file("o.lua", [[
      local t = {}
      local cur = t
      for i = 1, 10000 do cur.d = {} cur = cur.d end
      return { values = { web = { resources = t } } }
    ]])
    expect_error({ "o.lua" },
      "fsgen: o.lua: values nested deeper than 1000 levels (web.resources.d.d.d.d.d.d.d.d...)",
      seconds(10), megabytes(200))
  end)

  it("200,000-deep values built in Lua: the same message, no stack overflow", function()
    file("o.lua", [[
      local t = {}
      local cur = t
      for i = 1, 200000 do cur[1] = {} cur = cur[1] end
      return { values = { web = { resources = { x = t } } } }
    ]])
    expect_error({ "o.lua" },
      "fsgen: o.lua: values nested deeper than 1000 levels (web.resources.x[0][0][0][0][0][0][0]...)",
      seconds(10), megabytes(300))
  end)

  it("values that contain themselves", function()
    file("o.lua", [[
      local t = { name = "loop" }
      t.again = { t }
      return { values = { web = { resources = t } } }
    ]])
    expect_error({ "o.lua" }, "fsgen: o.lua: values: web.resources.again[0]: a table that contains itself",
      seconds(5), megabytes(100))
  end)

  it("a 10,000-deep object made by a transform stops at the emitter's depth limit", function()
    file("o.lua", [[
      local t = {}
      local cur = t
      for i = 1, 10000 do cur.d = {} cur = cur.d end
      return { transform = function(objects)
        objects[#objects + 1] = { apiVersion = "example.com/v1", kind = "Deep",
                                  metadata = { name = "deep" }, spec = t }
      end }
    ]])
    local full = { "--chart", chart, "o.lua" }
    local r = h.run_measured(full, { cwd = tmp })
    assert.are.equal(1, r.code)
    -- a warning about the unknown kind may come first
    local last = r.stderr:match("([^\n]*)\n$")
    assert.are.equal("fsgen: Deep/deep: spec.d.d.d.d.d.d.d.d.d.(980 more).d.d.d.d.d.d.d.d.d.d: "
      .. "nesting deeper than 1000 levels", last)
    assert.is_true(r.seconds < seconds(10))
  end)

  it("10,000-deep YAML, flow and block style", function()
    file("flow.yaml", "web:\n  resources: " .. ("["):rep(10000) .. ("]"):rep(10000) .. "\n")
    expect_error({ "-f", "flow.yaml" }, "fsgen: flow.yaml:2:524: nesting deeper than 512 levels",
      seconds(10), megabytes(200))
    file("block.yaml", "web:\n  resources:\n    " .. ("- "):rep(10000) .. "x\n")
    local r = expect_error({ "-f", "block.yaml" }, "nesting deeper than 512 levels", seconds(10), megabytes(200))
    assert.truthy(r.stderr:match("^fsgen: block%.yaml:3:%d+: "), r.stderr)
  end)

  it("a billion-laughs values file", function()
    local lines = { "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]" }
    for i = 2, 9 do
      local prev = string.char(96 + i - 1)
      lines[i] = ("%s: &%s [%s]"):format(string.char(96 + i), string.char(96 + i),
        ("*" .. prev .. ", "):rep(9) .. "*" .. prev)
    end
    file("laughs.yaml", table.concat(lines, "\n") .. "\n")
    expect_error({ "-f", "laughs.yaml" }, "alias expansion exceeds the budget", seconds(10), megabytes(300))
  end)

  it("an overlay in an endless loop, with the default instruction budget", function()
    file("o.lua", "local n = 0\nwhile true do n = n + 1 end\n")
    expect_error({ "o.lua" }, "fsgen: o.lua:2: instruction budget of 2000000000 exceeded",
      seconds(60), megabytes(100))
  end)

  it("an overlay allocating without bound, with the default memory cap", function()
    file("o.lua", "local t, i = {}, 0\nwhile true do i = i + 1; t[i] = { i, tostring(i) } end\n")
    expect_error({ "o.lua" }, "fsgen: memory limit of 1024 MB exceeded (raise it with --max-memory)",
      seconds(60), megabytes(1024 + 600))
  end)

  it("an overlay churning through garbage runs in a small heap: the collector starts as the heap grows", function()
    -- 3 million short-lived tables and strings, about 400 MB made and dropped
    file("o.lua", "for i = 1, 3000000 do local t = { i, tostring(i) } end\nreturn {}\n")
    local r = h.run_measured({ "--chart", chart, "o.lua" }, { cwd = tmp })
    assert.are.equal(0, r.code, r.stderr)
    local limit = megabytes(64)
    if limit and r.max_kb then
      assert.is_true(r.max_kb < limit, ("%d MB peak, more than 64 MB"):format(r.max_kb // 1024))
    end
  end)

  it("values sharing one table 2^40 times over stop at a limit", function()
    file("o.lua", [[
      local t = { leaf = "x" }
      for i = 1, 40 do t = { a = t, b = t } end
      return { values = { web = { resources = t } } }
    ]])
    expect_error({ "--max-memory", "128", "o.lua" }, "fsgen: memory limit of 128 MB exceeded",
      seconds(60), megabytes(128 + 200))
  end)

  it("--max-memory beyond the address space is no limit, not a wrapped-around tiny one", function()
    -- (2^44 + 1) MB is 2^64 + 2^20 bytes: wrapped, a cap of 1 MB, too
    -- small for an overlay holding a 2 MB string
    file("o.lua", 'local s = ("x"):rep(2 * 1024 * 1024)\nreturn { description = s:sub(1, 10) }\n')
    assert.are.equal(1, cli.run({ "--max-memory", "1", "o.lua" }, { cwd = tmp }).code)
    local r = cli.run({ "--max-memory", "17592186044417", "o.lua" }, { cwd = tmp })
    assert.are.equal(0, r.code, r.stderr)
  end)
end)
