local path = require "fsgen.path"

describe("fsgen.path", function()
  describe("format", function()
    it("joins identifier keys with dots and prints list positions 0-based", function()
      assert.equal("a.b[0].c", path.format({ "a", "b", 1, "c" }))
      assert.equal("containers[2].env[10]", path.format({ "containers", 3, "env", 11 }))
    end)

    it("allows '_' and '-' inside identifiers and '_' at the start", function()
      assert.equal("_x.max-surge.a_b", path.format({ "_x", "max-surge", "a_b" }))
    end)

    it("quotes keys that are not identifier-like", function()
      assert.equal('labels["app.kubernetes.io/name"]',
        path.format({ "labels", "app.kubernetes.io/name" }))
      assert.equal('a["1x"]["-b"][""]', path.format({ "a", "1x", "-b", "" }))
      assert.equal('["a b"].c', path.format({ "a b", "c" }))
    end)

    it("escapes quotes, backslashes and control characters in quoted keys", function()
      assert.equal('a["say \\"hi\\"\\\\"]', path.format({ "a", 'say "hi"\\' }))
      assert.equal('["x\\ny\\t\\x01"]', path.format({ "x\ny\t\1" }))
    end)

    it("starts with a bracket when the first segment is an index", function()
      assert.equal("[0].name", path.format({ 1, "name" }))
    end)

    it("gives the empty string for the root", function()
      assert.equal("", path.format({}))
    end)
  end)

  describe("join", function()
    it("appends one segment to a formatted prefix", function()
      assert.equal("a", path.join("", "a"))
      assert.equal("a.b", path.join("a", "b"))
      assert.equal("a[0]", path.join("a", 1))
      assert.equal('a["x.y"]', path.join("a", "x.y"))
      assert.equal("[4]", path.join("", 5))
    end)
  end)

  describe("parse", function()
    it("is the inverse of format", function()
      local cases = {
        { "a", "b", 1, "c" },
        { "labels", "app.kubernetes.io/name" },
        { 1, "name" },
        { "a", 'say "hi"\\', "x\ny\t\r\1\127" },
        { "a", "", "b" },
        { "x", 12, 3, "y" },
        {},
      }
      for _, segments in ipairs(cases) do
        assert.same(segments, (path.parse(path.format(segments))))
      end
    end)

    it("reads bare segments with any character but '.', '[' and ']'", function()
      assert.same({ "*", "nodeSelector" }, path.parse("*.nodeSelector"))
      assert.same({ "a", "0" }, path.parse("a.0"))
    end)

    it("reports malformed paths instead of guessing", function()
      local cases = {
        { "a..b", "'a..b': empty key at character 3" },
        { "a.", "'a.': ends with '.'" },
        { "a[x]", "'a[x]': expected an index or a quoted key at character 3" },
        { "a[0", "'a[0': expected ']' at character 4" },
        { 'a["x', "'a[\"x': unterminated quoted key" },
        { "a[0]b", "'a[0]b': expected '.' or '[' at character 5" },
        { 'a["\\q"]', "'a[\"\\q\"]': bad escape at character 4" },
      }
      for _, case in ipairs(cases) do
        local segments, err = path.parse(case[1])
        assert.is_nil(segments)
        assert.equal(case[2], err)
      end
    end)
  end)

  describe("less", function()
    it("orders segment by segment, integers before strings, prefixes first", function()
      assert.is_true(path.less({ "a" }, { "a", "b" }))
      assert.is_false(path.less({ "a", "b" }, { "a" }))
      assert.is_true(path.less({ "a", 2 }, { "a", 10 }))
      assert.is_true(path.less({ "a", 10 }, { "a", "b" }))
      assert.is_true(path.less({ "B" }, { "a" }))
      assert.is_false(path.less({ "a" }, { "a" }))
    end)
  end)
end)
