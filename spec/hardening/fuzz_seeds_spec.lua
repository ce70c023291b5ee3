-- The fuzz oracles (fuzz/lua/check_<target>.lua) over every committed seed,
-- with the plain interpreter: what the fuzzers once found stays fixed even
-- where clang and libFuzzer are not at hand, and the oracles themselves
-- stay loadable and true on inputs they have already passed.
local lfs = require "lfs"

package.path = "fuzz/lua/?.lua;" .. package.path

local TARGETS = { "yaml_load", "emit", "setpath", "layer" }

local function seeds(target)
  local dir = "spec/fuzz/" .. target
  local names = {}
  for name in lfs.dir(dir) do
    if lfs.attributes(dir .. "/" .. name, "mode") == "file" then names[#names + 1] = name end
  end
  table.sort(names)
  return dir, names
end

local function read(file)
  local f = assert(io.open(file, "rb"))
  local bytes = f:read("a")
  f:close()
  return bytes
end

for _, target in ipairs(TARGETS) do
  describe("fuzz seeds for " .. target, function()
    local check = require("check_" .. target)
    local dir, names = seeds(target)

    it("are there, findings included", function()
      assert.is_true(#names >= 10, dir .. " holds " .. #names .. " seeds")
    end)

    for _, name in ipairs(names) do
      it(name, function()
        local ok, err = pcall(check, read(dir .. "/" .. name))
        assert(ok, ("%s/%s: %s"):format(dir, name, tostring(err)))
      end)
    end
  end)
end
