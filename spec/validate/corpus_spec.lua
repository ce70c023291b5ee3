-- Every case of the invalid-object corpus (spec/validate/corpus/, see
-- cases.lua) gives exactly the messages its header lists, in that order.
local cases = require "validate.cases"

describe("invalid-object corpus", function()
  local names = cases.list()

  it("has at least 40 cases", function()
    assert.is_true(#names >= 40, ("only %d cases"):format(#names))
  end)

  for _, name in ipairs(names) do
    local case = cases.load(name)
    it(name .. ": " .. tostring(case.about), function()
      assert.is_true(#case.expect + #case.warnings > 0, name .. ": no # expect: or # warning: line")
      local errors, warnings = cases.run(case)
      assert.are.same(case.expect, errors)
      assert.are.same(case.warnings, warnings)
      if #case.strict > 0 then
        local strict_errors, strict_warnings = cases.run(case, { strict_kinds = true })
        assert.are.same(case.strict, strict_errors)
        assert.are.same({}, strict_warnings)
      end
    end)
  end
end)
