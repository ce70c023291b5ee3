-- One process renders many environments (--each): a finished run must not
-- stay reachable from anything the process keeps, such as the cache of
-- compiled chunks.
local cli = require "support.cli"
local engine = require "fsgen.engine"

describe("many renders in one process", function()
  it("keep nothing of a finished run but its compiled overlay", function()
    local tmp = cli.tmpdir()
    local prod = cli.src("spec/fixtures/demo/overlays/prod.lua")
    local function render(i) -- a new overlay file each time, as --each renders
      local file = ("%s/env%03d.lua"):format(tmp, i)
      cli.write(file, ("return { extends = { %q }, values = { web = { replicas = %d } } }\n"):format(prod, i))
      engine.render({ overlays = { file }, data_dir = cli.source_dir })
    end
    for i = 1, 5 do render(i) end
    collectgarbage()
    collectgarbage()
    local before = collectgarbage("count")
    for i = 6, 45 do render(i) end
    collectgarbage()
    collectgarbage()
    local kept = (collectgarbage("count") - before) / 40
    cli.rmtree(tmp)
    -- A finished run of the demo kept whole is some 10 kB; a compiled overlay 1.5.
    assert.is_true(kept < 5, ("%.1f kB kept per render"):format(kept))
  end)
end)
