-- Every shipped overlay's exact output (and the chart's defaults), reviewed
-- and committed under spec/golden/, and valid for the independent validator.
-- Regenerate after a reviewed change with: spec/golden/update.sh
local cli = require "support.cli"

local function overlays()
  local p = io.popen("cd " .. cli.quote(cli.src("overlays")) .. " && ls *.lua")
  local names = {}
  for f in p:lines() do names[#names + 1] = f:gsub("%.lua$", "") end
  p:close()
  return names
end

-- Overlays may read these; goldens are the output without them.
local CLEAN_ENV = "env -u FLAGSMITH_HOST -u FLAGSMITH_DB_HOST -u FLAGSMITH_DB_PASSWORD"

local function render(name)
  local args = name == "default" and {} or { "overlays/" .. name .. ".lua" }
  return cli.run(args, { cwd = cli.src("."), env = CLEAN_ENV })
end

local validator = cli.src("../shared/tools/k8s-validate/k8s-validate")

describe("golden outputs", function()
  local names = overlays()
  table.insert(names, 1, "default")

  it("cover every shipped overlay", function()
    assert.is_true(#names >= 10, "overlays: " .. table.concat(names, ", "))
  end)

  for _, name in ipairs(names) do
    it(name, function()
      local golden = cli.read(cli.src("spec/golden/" .. name .. ".yaml"))
      assert.is_not_nil(golden, "no spec/golden/" .. name .. ".yaml")
      local r = render(name)
      assert.are.equal(0, r.code, r.stderr)
      assert.are.equal(golden, r.stdout)
    end)

    it(name .. " passes k8s-validate", function()
      if not cli.read(validator) then return pending("../shared/tools/k8s-validate is not here") end
      local p = io.popen(("python3 %s --fail-on-skipped %s 2>&1; echo \"exit=$?\""):format(
        cli.quote(validator), cli.quote(cli.src("spec/golden/" .. name .. ".yaml"))))
      local out = p:read("a")
      p:close()
      assert.truthy(out:find("exit=0\n", 1, true), out)
    end)
  end
end)
