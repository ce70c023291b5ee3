-- Editor support: meta/<chart>.lua is what `fsgen meta` makes from the
-- chart's defaults, and it names every values key.
local cli = require "support.cli"
local engine = require "fsgen.engine"
local merge = require "fsgen.merge"

local function classes(text)
  local found, current = {}, nil
  for line in text:gmatch("([^\n]*)\n") do
    local class = line:match("^%-%-%-@class ([%w_.]+)")
    if class then
      current = {}
      found[class] = current
    else
      local field = line:match("^%-%-%-@field ([^?%s]+)%?")
      if field and current then current[(field:gsub('^%["(.*)"%]$', "%1"))] = line end
    end
  end
  return found
end

describe("meta/flagsmith.lua", function()
  local committed = cli.read(cli.src("meta/flagsmith.lua"))

  it("is what fsgen meta makes now", function()
    local r = cli.run({ "meta" }, { cwd = cli.src(".") })
    assert.are.equal(0, r.code, r.stderr)
    assert.are.equal(r.stdout, committed, "regenerate: build/fsgen meta > meta/flagsmith.lua")
  end)

  it("annotates every values key of the chart", function()
    local _, run = engine.render({ data_dir = cli.src(".") })
    local found = classes(committed)
    local missing = {}
    local function walk(v, class, path)
      for _, k in ipairs(merge.sorted_keys(v)) do
        local line = found[class] and found[class][k]
        if not line then
          missing[#missing + 1] = path .. k
        else
          local child = v[k]
          local child_class = line:match("%? (flagsmith%.Values[%w_.]*)")
          if child_class and merge.is_map(child) and next(child) then
            walk(child, child_class, path .. k .. ".")
          end
        end
      end
    end
    walk(run.defaults, "flagsmith.Values", "")
    assert.are.same({}, missing)
    assert.truthy(committed:find("---@field replicacount? integer # default: 1", 1, true))
    assert.truthy(committed:find("---@class flagsmith.Overlay: fsgen.Overlay", 1, true))
  end)

  it("examples/ points the editor at meta/", function()
    local luarc = cli.read(cli.src("examples/.luarc.json"))
    assert.truthy(luarc:find('"workspace.library": ["../meta"]', 1, true))
    assert.truthy(cli.read(cli.src("examples/overlays/prod.lua")):find("---@type flagsmith.Overlay", 1, true))
  end)
end)
