-- The shipped chart runs precompiled without debug information, so an error
-- raised in its code names no place.  engine.render then renders again with
-- every chart module compiled from its text: the error names file and line.
-- Here a stand-in for the host precompiles any chart module, stripped, as
-- the binary does for the shipped one.
local cli = require "support.cli"

local stripped = {} -- names of the modules handed out precompiled
local calls = { trusted = 0, sandboxed = 0 }
package.loaded["fsgen.host"] = {
  precompiled = function(name, text, env)
    stripped[#stripped + 1] = name
    local chunk = assert(load(text, "=" .. name, "t"))
    return assert(load(string.dump(chunk, true), name, "b", env))
  end,
  sandboxed = function(f, ...) calls.sandboxed = calls.sandboxed + 1; return f(...) end,
  trusted = function(f, ...) calls.trusted = calls.trusted + 1; return f(...) end,
  distrust = function() end,
  limit_exceeded = function() return false end,
  traceback = function(m) return m end,
}
local engine = require "fsgen.engine"
local sandbox = require "fsgen.sandbox"

describe("an error in precompiled chart code", function()
  local tmp
  setup(function()
    tmp = cli.tmpdir()
    cli.write(tmp .. "/init.lua", table.concat({
      'local parts = require "parts"',
      "return { defaults = { n = 1 }, render = function(values) return parts.objects(values) end }",
    }, "\n"))
    cli.write(tmp .. "/parts.lua", table.concat({
      "local M = {}",
      "function M.objects(values)",
      "  local missing",
      "  return missing.objects",
      "end",
      "return M",
    }, "\n"))
  end)
  teardown(function() cli.rmtree(tmp) end)

  it("is rendered again from the chart's text and names file and line", function()
    assert.is_false(sandbox.lines_wanted())
    local ok, err = pcall(engine.render, { chart = tmp, data_dir = cli.source_dir })
    assert.is_false(ok)
    local message = type(err) == "table" and err.message or err
    assert.truthy(message:find("parts.lua:4: attempt to index a nil value (local 'missing')", 1, true), message)
    assert.is_nil(message:find(sandbox.NO_PLACE, 1, true))
    -- the first run loaded both modules stripped; the second, none
    table.sort(stripped)
    assert.are.same({ tmp:match("[^/]*$") .. "/init.lua", tmp:match("[^/]*$") .. "/parts.lua" }, stripped)
    assert.is_true(sandbox.lines_wanted())
  end)

  it("from then on, loads the chart from its text at once, and runs it under the budget", function()
    local before = #stripped
    calls.trusted, calls.sandboxed = 0, 0
    local ok = pcall(engine.render, { chart = tmp, data_dir = cli.source_dir })
    assert.is_false(ok)
    assert.are.equal(before, #stripped)
    -- compiled from text, the chart's modules and render are no longer trusted
    assert.are.equal(0, calls.trusted)
    assert.are.equal(3, calls.sandboxed)
  end)
end)
