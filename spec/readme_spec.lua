-- README's console examples are tests: every `$ fsgen ...` line in a
-- ```console block runs, and its output (stdout and stderr together) must be
-- the lines that follow it; a last line "[N]" is the expected exit status.
local cli = require "support.cli"

local function examples(text)
  local list = {}
  for block in text:gmatch("```console\n(.-)```") do
    local current
    for line in block:gmatch("([^\n]*)\n") do
      local cmd = line:match("^%$ (.*)$")
      if cmd then
        current = { cmd = cmd, out = {}, code = 0 }
        list[#list + 1] = current
      elseif current then
        local code = line:match("^%[(%d+)%]$")
        if code then current.code = tonumber(code) else current.out[#current.out + 1] = line end
      end
    end
  end
  return list
end

describe("README.md console examples", function()
  local list = examples(assert(cli.read(cli.src("README.md"))))

  it("exist", function() assert.is_true(#list >= 3) end)

  for _, ex in ipairs(list) do
    it(ex.cmd, function()
      assert.truthy(ex.cmd:match("^fsgen "), "examples call fsgen")
      local args = ex.cmd:gsub("^fsgen ", "")
      local r = cli.run(args, { cwd = cli.src("."), merge_stderr = true })
      local expected = #ex.out > 0 and table.concat(ex.out, "\n") .. "\n" or ""
      assert.are.equal(expected, r.stdout)
      assert.are.equal(ex.code, r.code)
    end)
  end
end)
