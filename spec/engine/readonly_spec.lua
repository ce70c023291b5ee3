local sandbox = require "fsgen.sandbox"

-- The read-only views every module sees (its `fsgen`, the libraries).
describe("sandbox.readonly", function()
  it("reads, counts and traverses its source", function()
    local source = { "a", "b", x = 1 }
    local view = sandbox.readonly(source)
    assert.equal("b", view[2])
    assert.equal(1, view.x)
    assert.equal(2, #view)
    local seen = {}
    for k, v in pairs(view) do seen[k] = v end
    assert.same(source, seen)
    assert.is_nil(rawget(view, "x")) -- the view itself holds nothing
  end)

  it("keeps each view on its own source", function()
    local one, two = sandbox.readonly({ 1 }), sandbox.readonly({ 1, 2, 3 })
    assert.same({ 1, 3 }, { #one, #two })
    local n = 0
    for _ in pairs(two) do n = n + 1 end
    assert.equal(3, n)
  end)

  it("refuses writes", function()
    local view = sandbox.readonly({ x = 1 })
    assert.has_error(function() view.x = 2 end,
      "attempt to modify a read-only fsgen table (field 'x')")
    assert.has_error(function() view.y = 2 end)
    assert.is_false(getmetatable(view))
  end)
end)
