-- The fuzz oracles (fuzz/lua/check_<target>.lua) over every committed seed,
-- with the plain interpreter: what the fuzzers once found stays fixed even
-- where clang and libFuzzer are not at hand, and the oracles themselves
-- stay loadable and true on inputs they have already passed.
local cli = require "support.cli"

package.path = "fuzz/lua/?.lua;" .. package.path

local TARGETS = { "yaml_load", "emit", "setpath", "layer" }

for _, target in ipairs(TARGETS) do
  describe("fuzz seeds for " .. target, function()
    local check = require("check_" .. target)
    local dir = "spec/fuzz/" .. target
    local names = cli.list(dir)

    it("are there, findings included", function()
      assert.is_true(#names >= 10, dir .. " holds " .. #names .. " seeds")
    end)

    for _, name in ipairs(names) do
      it(name, function()
        local ok, err = pcall(check, assert(cli.read(dir .. "/" .. name)))
        assert(ok, ("%s/%s: %s"):format(dir, name, tostring(err)))
      end)
    end
  end)
end
