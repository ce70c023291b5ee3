local core = require "fsgen.core"
local merge = require "fsgen.merge"

local null = core.null

describe("fsgen.merge", function()
  describe("is_list / is_map", function()
    it("treats tagged tables by their tag, whatever their keys", function()
      assert.is_true(merge.is_list(core.list({})))
      assert.is_false(merge.is_list(core.map({})))
      assert.is_false(merge.is_list(core.map({ "a" })))
      assert.is_true(merge.is_map(core.map({})))
    end)

    it("calls tables with keys 1..n lists and anything else maps", function()
      assert.is_true(merge.is_list({ "a", "b" }))
      assert.is_true(merge.is_list({ null, null }))
      assert.is_false(merge.is_list({ [1] = "a", [3] = "c" }))
      assert.is_false(merge.is_list({ "a", x = 1 }))
      assert.is_false(merge.is_list({ [2] = "b" }))
      assert.is_true(merge.is_map({ a = 1 }))
      assert.is_true(merge.is_map({}))
      assert.is_false(merge.is_map("x"))
      assert.is_false(merge.is_map(null))
    end)

    it("calls no other value a list, and no table with keys beside 1..n", function()
      for _, v in ipairs { "a", 1, true, null, print } do assert.is_false(merge.is_list(v)) end
      assert.is_false(merge.is_list())
      assert.is_false(merge.is_list({ [0] = "z", "a" }))
      assert.is_false(merge.is_list({ "a", [2.5] = "b" }))
      assert.is_false(merge.is_list({ "a", [-1] = "b" }))
      assert.is_true(merge.is_list({ [2] = "b", [1] = "a" })) -- built out of order
      assert.is_true(merge.is_list(setmetatable({ "a" }, { __index = {} })))
    end)
  end)

  describe("deepcopy", function()
    it("copies nested tables so the copy is independent", function()
      local original = { a = { b = { 1, 2 } } }
      local copy = merge.deepcopy(original)
      assert.same(original, copy)
      copy.a.b[1] = 9
      assert.equal(1, original.a.b[1])
      assert.are_not.equal(original.a, copy.a)
    end)

    it("keeps fsgen.list / fsgen.map tags and the null singleton", function()
      local copy = merge.deepcopy({ l = core.list({}), m = core.map({}), n = null, x = { core.list({ 1 }) } })
      assert.is_true(core.is_list(copy.l))
      assert.is_true(core.is_map(copy.m))
      assert.equal(null, copy.n)
      assert.is_true(core.is_list(copy.x[1]))
    end)

    it("returns non-tables as they are", function()
      assert.equal(3, merge.deepcopy(3))
      assert.equal("s", merge.deepcopy("s"))
      assert.equal(null, merge.deepcopy(null))
    end)

    it("copies shared subtables once and survives cycles", function()
      local shared = { 1 }
      local t = { a = shared, b = shared }
      t.self = t
      local copy = merge.deepcopy(t)
      assert.equal(copy.a, copy.b)
      assert.are_not.equal(shared, copy.a)
      assert.equal(copy, copy.self)
    end)

    it("copies table keys too, and drops metatables other than the tags", function()
      local key = { "k" }
      local copy = merge.deepcopy(setmetatable({ [key] = "v" }, { __index = function() return 1 end }))
      local got = next(copy)
      assert.are_not.equal(key, got)
      assert.same({ "k" }, got)
      assert.equal("v", copy[got])
      assert.is_nil(getmetatable(copy))
    end)

    it("stops at tables nested deeper than values can be, with a message", function()
      local deep = {}
      for _ = 1, 5000 do deep = { deep } end
      local ok, err = pcall(merge.deepcopy, deep)
      assert.is_false(ok)
      assert.matches("^deepcopy: tables nested deeper than %d+ levels$", err)
    end)
  end)

  describe("merge", function()
    it("merges maps key by key", function()
      local base = { api = { replicas = 1, image = { tag = "a", pullPolicy = "IfNotPresent" } } }
      local over = { api = { image = { tag = "b" } }, extra = true }
      assert.same({ api = { replicas = 1, image = { tag = "b", pullPolicy = "IfNotPresent" } }, extra = true },
        merge.merge(base, over))
    end)

    it("replaces lists instead of merging them", function()
      assert.same({ hosts = { "c" } }, merge.merge({ hosts = { "a", "b" } }, { hosts = { "c" } }))
    end)

    it("replaces scalars, and maps by scalars and the other way round", function()
      assert.same({ a = 2 }, merge.merge({ a = 1 }, { a = 2 }))
      assert.same({ a = "x" }, merge.merge({ a = { b = 1 } }, { a = "x" }))
      assert.same({ a = { b = 1 } }, merge.merge({ a = "x" }, { a = { b = 1 } }))
      assert.same({ a = { b = 1 } }, merge.merge({ a = { 1, 2 } }, { a = { b = 1 } }))
    end)

    it("deletes a key set to fsgen.null in the newer layer", function()
      local result = merge.merge({ a = { b = 1, c = 2 }, d = 3 }, { a = { b = null }, d = null })
      assert.same({ a = { c = 2 } }, result)
    end)

    it("keeps fsgen.null defaults of the base (known key, no value)", function()
      local result = merge.merge({ a = null, b = null }, { b = 2 })
      assert.equal(null, result.a)
      assert.equal(2, result.b)
    end)

    it("does not carry nulls of a map that replaces a non-map", function()
      assert.same({ a = { keep = 1 } }, merge.merge({ a = null }, { a = { keep = 1, gone = null } }))
      assert.same({ a = { keep = 1 } }, merge.merge({}, { a = { keep = 1, gone = null } }))
    end)

    it("keeps fsgen.null inside lists (lists replace as they are)", function()
      local result = merge.merge({}, { l = { "a", null, "c" } })
      assert.equal(null, result.l[2])
      assert.equal(3, #result.l)
    end)

    it("lets an untagged {} leave a map as it is but empty a list", function()
      assert.same({ m = { a = 1 } }, merge.merge({ m = { a = 1 } }, { m = {} }))
      local result = merge.merge({ l = { 1, 2 } }, { l = {} })
      assert.same({}, result.l)
      assert.is_true(core.is_list(result.l))
      assert.same({ x = {} }, merge.merge({ x = 5 }, { x = {} }))
    end)

    it("replaces with a tagged empty list or map", function()
      local result = merge.merge({ l = { 1, 2 }, m = { a = 1 } }, { l = core.list({}), m = core.map({}) })
      assert.same({}, result.l)
      assert.is_true(core.is_list(result.l))
      assert.same({ a = 1 }, result.m) -- a map merges, even an empty one
    end)

    it("keeps the base's tag on merged maps, else the newer layer's", function()
      assert.is_true(core.is_map(merge.merge({ m = core.map({}) }, { m = { a = 1 } }).m))
      assert.is_true(core.is_map(merge.merge({ m = { b = 1 } }, { m = core.map({ a = 1 }) }).m))
      assert.is_false(core.is_map(merge.merge({ m = { b = 1 } }, { m = { a = 1 } }).m))
    end)

    it("returns a new table and leaves both inputs untouched", function()
      local base = { a = { b = 1 }, l = { 1 } }
      local over = { a = { c = 2 }, l = { 2 } }
      local result = merge.merge(base, over)
      result.a.b = 99
      result.l[1] = 99
      assert.same({ a = { b = 1 }, l = { 1 } }, base)
      assert.same({ a = { c = 2 }, l = { 2 } }, over)
      assert.are_not.equal(over.l, result.l)
    end)

    it("handles a missing side", function()
      assert.same({ a = 1 }, merge.merge({ a = 1 }, nil))
      assert.same({ a = 1 }, merge.merge(nil, { a = 1 }))
    end)
  end)

  describe("strip_nulls", function()
    it("removes null map entries at every depth", function()
      local result = merge.strip_nulls({ a = null, b = { c = null, d = 1 } })
      assert.same({ b = { d = 1 } }, result)
    end)

    it("keeps null list elements so positions do not shift", function()
      local result = merge.strip_nulls({ l = { "a", null, "c" } })
      assert.equal(null, result.l[2])
      assert.equal("c", result.l[3])
    end)

    it("keeps tags and does not modify its input", function()
      local input = { m = core.map({ x = null }), l = core.list({}) }
      local result = merge.strip_nulls(input)
      assert.is_true(core.is_map(result.m))
      assert.is_true(core.is_list(result.l))
      assert.equal(null, input.m.x)
    end)

    it("copies every table, so a render cannot change the defaults", function()
      local shared = { port = 8000 }
      local input = { a = shared, b = shared, list = { shared } }
      local result = merge.strip_nulls(input)
      assert.same(input, result)
      assert.not_equal(shared, result.a)
      assert.not_equal(result.a, result.b)
      assert.not_equal(shared, result.list[1])
      result.a.port = 1
      assert.equal(8000, shared.port)
    end)

    it("passes scalars through and treats a table with holes as a map", function()
      assert.equal(3, merge.strip_nulls(3))
      assert.equal(null, merge.strip_nulls(null))
      local result = merge.strip_nulls({ [1] = "a", [3] = null, x = null })
      assert.same({ [1] = "a" }, result)
    end)

    -- Small tables are copied in one traversal, large ones (past 256 pairs) in
    -- two: the same copies either way.
    it("copies small and large tables alike", function()
      for _, n in ipairs { 3, 256, 257, 1000 } do
        local map, list, want_map = { sub = { x = null, y = n } }, {}, { sub = { y = n } }
        for i = 1, n do
          map["k" .. i] = i % 3 == 0 and null or i
          want_map["k" .. i] = i % 3 ~= 0 and i or nil
          list[i] = i % 3 == 0 and null or { i }
        end
        assert.same(want_map, merge.strip_nulls(map), n)
        local copy = merge.strip_nulls(list)
        assert.equal(n, #copy, n)
        assert.equal(null, copy[3], n)
        assert.same({ 1 }, copy[1], n)
        local deep = merge.deepcopy(list)
        assert.same(list, deep, n)
        assert.not_equal(list[1], deep[1], n)
      end
    end)

    it("tells lists from maps by their keys, in any order of insertion", function()
      local backwards = {}
      backwards[2], backwards[1] = null, "a"
      assert.same({ "a", null }, merge.strip_nulls(backwards))
      assert.same({ [1] = "a", [4] = "d" }, merge.strip_nulls({ [1] = "a", [2] = null, [4] = "d" }))
      assert.same({ [0] = "z", [1] = "a" }, merge.strip_nulls({ [0] = "z", [1] = "a", [2] = null }))
      assert.same({ [1.5] = "f" }, merge.strip_nulls({ [1.5] = "f", [1] = null }))
    end)

    it("ends a table that contains itself with an error, not a crash", function()
      local loop = { a = {} }
      loop.a.back = loop
      local ok, err = pcall(merge.strip_nulls, loop)
      assert.is_false(ok)
      assert.matches("values nested deeper than 1100 levels", err)
    end)
  end)

  describe("layer", function()
    local function source(name, lines)
      return {
        name = name,
        locate = lines and function(segments)
          return lines[table.concat(segments, ".")]
        end,
      }
    end

    it("merges into state.values and records the origin of every leaf", function()
      local state = { values = { api = { replicas = 1, image = { tag = "a" } } } }
      merge.layer(state, { api = { replicas = 2, image = { tag = "b" } } },
        source("overlays/prod.lua", { ["api.replicas"] = 12, ["api.image.tag"] = "4:3" }))
      assert.same({ api = { replicas = 2, image = { tag = "b" } } }, state.values)
      assert.equal("overlays/prod.lua", state.origins["api.replicas"][1].source)
      assert.equal(12, state.origins["api.replicas"][1].line)
      assert.equal("4:3", state.origins["api.image.tag"][1].line)
      assert.is_nil(state.origins["api"])
      assert.is_nil(state.origins["api.image"])
    end)

    it("records lists and empty maps as leaves, and deletions as deleted", function()
      local state = { values = { a = { 1 }, m = { k = 1 }, gone = 1 } }
      merge.layer(state, { a = { 2, 3 }, m = {}, gone = null }, source("--set"))
      assert.same({ { source = "--set", seq = 1, layer = 1, value = { 2, 3 } } }, state.origins["a"])
      assert.is_nil(state.origins["a[0]"])
      assert.is_true(state.origins["gone"][1].deleted)
      assert.is_nil(state.origins["m"][1].deleted)
      assert.is_nil(state.values.gone)
    end)

    it("records when the origins are first read, as layering went", function()
      local state = { values = {} }
      merge.layer(state, { b = 1, a = { x = 1 } }, source("one"))
      merge.layer(state, { a = { x = 2 } }, source("two"))
      assert.is_nil(rawget(state.origins, "b")) -- nothing recorded yet
      local seen = {}
      for key, list in pairs(state.origins) do seen[key] = #list end
      assert.same({ b = 1, ["a.x"] = 2 }, seen)
      local x = state.origins["a.x"]
      assert.same({ { "one", 1, 1 }, { "two", 3, 2 } },
        { { x[1].source, x[1].seq, x[1].layer }, { x[2].source, x[2].seq, x[2].layer } })
      -- A layer after the origins were read is recorded in turn.
      merge.layer(state, { b = 2 }, source("three"))
      assert.same({ "one", "three" }, { state.origins.b[1].source, state.origins.b[2].source })
      assert.equal(4, state.origins.b[2].seq)
      assert.is_nil(state.origins["a.x"][3])
    end)

    it("keeps every origin of a path, most recent last", function()
      local state = { values = {} }
      merge.layer(state, { a = 1 }, source("overlays/base.lua"))
      merge.layer(state, { a = 2 }, source("values/prod.yaml"))
      merge.layer(state, { a = null }, source("--set"))
      local list = state.origins["a"]
      assert.equal(3, #list)
      assert.equal("overlays/base.lua", list[1].source)
      assert.equal("values/prod.yaml", list[2].source)
      assert.equal("--set", list[3].source)
      assert.is_true(list[3].deleted)
      assert.equal(3, list[3].layer)
    end)

    it("passes locate the segments of the path, 1-based and as a fresh table, when a line is asked for", function()
      local seen = {}
      local state = { values = {} }
      merge.layer(state, { hosts = { "x" }, labels = { ["app.kubernetes.io/name"] = "n" } }, {
        name = "f",
        locate = function(segments)
          seen[#seen + 1] = segments
          segments[#segments + 1] = "scribbled"
          return nil
        end,
      })
      assert.same({}, seen) -- nothing is located until a line is needed
      assert.is_nil(state.origins["hosts"][1].line)
      assert.is_nil(state.origins['labels["app.kubernetes.io/name"]'][1].line)
      assert.is_nil(state.origins["hosts"][1].line) -- located once
      assert.same({ { "hosts", "scribbled" }, { "labels", "app.kubernetes.io/name", "scribbled" } }, seen)
      assert.is_not_nil(state.origins['labels["app.kubernetes.io/name"]'])
    end)

    it("numbers entries in sorted path order, independent of table order", function()
      local state = { values = {} }
      merge.layer(state, { b = 1, a = { d = 1, c = 1 } }, source("x"))
      assert.equal(1, state.origins["a.c"][1].seq)
      assert.equal(2, state.origins["a.d"][1].seq)
      assert.equal(3, state.origins["b"][1].seq)
    end)

    it("starts from an empty state", function()
      local state = merge.layer({}, { a = 1 }, source("x"))
      assert.same({ a = 1 }, state.values)
    end)

    it("rejects a layer that is not a map, naming its source", function()
      assert.has_error(function() merge.layer({}, { 1, 2 }, source("values/x.yaml")) end,
        "values/x.yaml: values must be a map, got a list")
      assert.has_error(function() merge.layer({}, "x", source("values/x.yaml")) end,
        "values/x.yaml: values must be a map, got a string")
      assert.has_error(function() merge.layer({}, null, source("values/x.yaml")) end,
        "values/x.yaml: values must be a map, got null")
    end)
  end)

  describe("sorted_keys", function()
    it("puts integer keys first, then strings bytewise", function()
      assert.same({ 1, 2, "B", "a", "b" }, merge.sorted_keys({ b = 1, a = 1, B = 1, [2] = 1, [1] = 1 }))
    end)
  end)
end)
