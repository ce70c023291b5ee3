-- The shipped docs keep up with the command line: every option in --help is
-- in the man page and in the bash completion, and each command has its help.
local cli = require "support.cli"

local function options(text)
  local set, list = {}, {}
  for opt in text:gmatch("%-%-[%a][%w-]*") do
    if not set[opt] then
      set[opt] = true
      list[#list + 1] = opt
    end
  end
  table.sort(list)
  return list
end

describe("docs", function()
  local help = cli.run({ "--help" }).stdout
  local man = assert(cli.read(cli.src("doc/fsgen.1"))):gsub("\\%-", "-")
  local completion = assert(cli.read(cli.src("completions/fsgen.bash")))

  it("the man page names every option", function()
    for _, opt in ipairs(options(help)) do
      assert.truthy(man:find(opt, 1, true), opt .. " missing in doc/fsgen.1")
    end
  end)

  it("bash completion offers every option and command", function()
    for _, opt in ipairs(options(help)) do
      assert.truthy(completion:find(opt, 1, true), opt .. " missing in completions/fsgen.bash")
    end
    assert.truthy(completion:find("explain values meta", 1, true))
    local p = io.popen("bash -n " .. cli.quote(cli.src("completions/fsgen.bash")) .. " 2>&1 && echo ok")
    assert.are.equal("ok", p:read("l"))
    p:close()
  end)

  it("every command has --help with an example, on one screen", function()
    for _, cmd in ipairs { "explain", "values", "meta" } do
      local r = cli.run({ cmd, "--help" })
      assert.are.equal(0, r.code)
      assert.truthy(r.stdout:find("^usage: fsgen " .. cmd), r.stdout)
      assert.truthy(r.stdout:find("example:", 1, true))
      assert.is_true(select(2, r.stdout:gsub("\n", "")) <= 24)
    end
  end)

  it("the man page renders", function()
    local p = io.popen("command -v man >/dev/null && man -l " .. cli.quote(cli.src("doc/fsgen.1"))
      .. " 2>&1 | head -3 || echo no-man")
    local out = p:read("a")
    p:close()
    if out:find("no-man") then return pending("man is not installed") end
    assert.truthy(out:find("FSGEN", 1, true), out)
  end)
end)
