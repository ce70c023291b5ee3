-- The bad-input corpus: every directory under spec/bad/ is one case.
--   args      the command line after `fsgen` (sh syntax), run inside the case dir
--   expected  first line: exit code; the rest: stderr, exactly
-- A failing run must print nothing on stdout and write no output.
local cli = require "support.cli"

local function list_cases(dir)
  local p = io.popen("ls " .. cli.quote(dir))
  local names = {}
  for name in p:lines() do names[#names + 1] = name end
  p:close()
  table.sort(names)
  return names
end

local root = cli.src("spec/bad")

describe("bad-input corpus", function()
  local cases = list_cases(root)

  it("has at least 40 cases", function()
    assert.is_true(#cases >= 40, ("only %d cases"):format(#cases))
  end)

  for _, name in ipairs(cases) do
    local dir = root .. "/" .. name
    local args = assert(cli.read(dir .. "/args"), name .. ": no args file"):gsub("\n+$", "")
    local expected = assert(cli.read(dir .. "/expected"), name .. ": no expected file")
    local code, message = expected:match("^(%d+)\n(.*)$")
    it(name, function()
      local r = cli.run(args, { cwd = dir })
      assert.are.equal(message, r.stderr)
      assert.are.equal(tonumber(code), r.code)
      assert.are.equal("", r.stdout)
      local f = io.open(dir .. "/out", "r")
      if f then f:close() end
      assert.is_nil(f, "a failed run wrote " .. dir .. "/out")
    end)
  end
end)
