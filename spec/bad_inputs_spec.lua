-- The bad-input corpus: every directory under spec/bad/ is one case.
--   args      the command line after `fsgen` (sh syntax), run inside the case dir
--   expected  first line: exit code; the rest: stderr, exactly
-- A failing run must print nothing on stdout and write no output.
local cli = require "support.cli"

local root = cli.src("spec/bad")

describe("bad-input corpus", function()
  local cases = cli.cases(root)

  it("has at least 40 cases", function()
    assert.is_true(#cases >= 40, ("only %d cases"):format(#cases))
  end)

  for _, case in ipairs(cases) do
    it(case.name, function()
      local r = cli.run(case.args, { cwd = case.dir })
      assert.are.equal(case.stderr, r.stderr)
      assert.are.equal(case.code, r.code)
      assert.are.equal("", r.stdout)
      local f = io.open(case.dir .. "/out", "r")
      if f then f:close() end
      assert.is_nil(f, "a failed run wrote " .. case.dir .. "/out")
    end)
  end
end)
