-- README's console examples are tests: every `$ fsgen ...` line in a
-- ```console block runs (in order, in a scratch directory that sees the
-- source tree's overlays/ and examples/), and its output (stdout and stderr
-- together) must be the lines that follow it; a last line "[N]" is the
-- expected exit status.  Commands may use a pipe into standard tools.
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
  local dir = cli.tmpdir()
  for _, d in ipairs { "overlays", "examples" } do
    assert(os.execute(("ln -s %s %s/%s"):format(cli.quote(cli.src(d)), cli.quote(dir), d)))
  end
  -- `fsgen` on the PATH is the binary under test.
  assert(os.execute(("mkdir %s/.bin && ln -s %s %s/.bin/fsgen"):format(
    cli.quote(dir), cli.quote(cli.bin:sub(1, 1) == "/" and cli.bin or cli.src(cli.bin)), cli.quote(dir))))
  teardown(function() cli.rmtree(dir) end)

  it("exist", function() assert.is_true(#list >= 3) end)

  for _, ex in ipairs(list) do
    it(ex.cmd, function()
      assert.truthy(ex.cmd:match("^fsgen"), "examples call fsgen")
      local p = io.popen(("cd %s && PATH=%s/.bin:$PATH sh -c %s 2>&1; echo \"[$?]\""):format(
        cli.quote(dir), cli.quote(dir), cli.quote(ex.cmd)))
      local out = p:read("a")
      p:close()
      local r = { stdout = out:gsub("%[%d+%]\n$", ""), code = tonumber(out:match("%[(%d+)%]\n$")) }
      local expected = #ex.out > 0 and table.concat(ex.out, "\n") .. "\n" or ""
      assert.are.equal(expected, r.stdout)
      assert.are.equal(ex.code, r.code)
    end)
  end
end)
