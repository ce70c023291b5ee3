-- core.emit: how each string is written, and that YAML 1.1 (PyYAML, both its
-- pure-Python and libyaml parsers) and YAML 1.2 (core.load_yaml) readers read
-- every one of them back as the same string; numbers, errors, layout.
local core = require "fsgen.core"
local pyyaml = require "support.pyyaml"

local function emit_one(object, source)
  return core.emit { { object = object, source = source } }
end


local canon, pyyaml_read = pyyaml.canon, pyyaml.read

local function write_file(path, text)
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
end

-- The style emit gave s as a map value, and as a map key.
local function styles_of(s)
  local value_out = emit_one { v = s }
  local key_out = emit_one { [s] = 1 }
  local value_style, key_style
  if value_out == "---\nv: " .. s .. "\n" then value_style = "plain"
  elseif value_out:find('^%-%-%-\nv: "') then value_style = "double"
  elseif value_out:find("^%-%-%-\nv: |") then value_style = "literal"
  else value_style = "other: " .. value_out end
  if key_out == "---\n" .. s .. ": 1\n" then key_style = "plain"
  elseif key_out:find('^%-%-%-\n"') then key_style = "double"
  elseif key_out:find('^%-%-%-\n%? "') then key_style = "double" -- a multi-line key
  else key_style = "other: " .. key_out end
  return value_style, key_style
end

-- text, how it is written as a value (as a key: the same, but never literal)
local TRICKY = {
  -- safe as they are
  { "hello", "plain" }, { "hello world", "plain" }, { "café", "plain" },
  { "日本語", "plain" }, { "-Xmx512m", "plain" }, { "--port=8080", "plain" },
  { "a:b", "plain" }, { "a#b", "plain" }, { "it's", "plain" }, { "512Mi", "plain" },
  { "100m", "plain" }, { "v1", "plain" }, { "3scale", "plain" }, { "a,b", "plain" },
  { "a[0]", "plain" }, { "a - b", "plain" }, { "http://x:80/y?z=1#f", "plain" },
  { "<none>", "plain" }, { "a=b", "plain" }, { 'a"b', "plain" }, { "50%", "plain" },
  { "a|b>c", "plain" }, { "NaN", "plain" }, { "None", "plain" }, { "Yes please", "plain" },
  { "\u{a0}x", "plain" }, { "app.kubernetes.io/name", "plain" }, { "--", "plain" },
  -- null, booleans, merge and value keys
  { "", "double" }, { "~", "double" }, { "null", "double" }, { "Null", "double" },
  { "NULL", "double" }, { "y", "double" }, { "Y", "double" }, { "n", "double" },
  { "N", "double" }, { "yes", "double" }, { "Yes", "double" }, { "YES", "double" },
  { "no", "double" }, { "No", "double" }, { "NO", "double" }, { "on", "double" },
  { "On", "double" }, { "ON", "double" }, { "off", "double" }, { "Off", "double" },
  { "OFF", "double" }, { "true", "double" }, { "True", "double" }, { "TRUE", "double" },
  { "false", "double" }, { "False", "double" }, { "FALSE", "double" },
  { "<<", "double" }, { "=", "double" },
  -- numbers of any schema, and dates
  { "0", "double" }, { "8080", "double" }, { "-1", "double" }, { "+1", "double" },
  { "017", "double" }, { "0755", "double" }, { "0x1F", "double" }, { "0o17", "double" },
  { "0b101", "double" }, { "1_000", "double" }, { "1:30", "double" },
  { "12:30:45", "double" }, { "12:30:45.5", "double" }, { "1e3", "double" },
  { "1E3", "double" }, { "6.02e23", "double" }, { "1.5", "double" }, { ".5", "double" },
  { "1.", "double" }, { "-.5", "double" }, { "1_000.5", "double" }, { ".inf", "double" },
  { "-.Inf", "double" }, { "+.INF", "double" }, { ".nan", "double" }, { ".NaN", "double" },
  { "1.2.3", "double" }, { "10.0.0.1", "double" }, { "2001-12-14", "double" },
  { "2001-12-14t21:59:43.10-05:00", "double" }, { "2001-12-14 21:59:43.10 -5", "double" },
  -- syntax
  { " a", "double" }, { "a ", "double" }, { " ", "double" }, { "- a", "double" },
  { "-", "double" }, { ": a", "double" }, { ":a", "double" }, { "a: b", "double" },
  { "a:", "double" }, { "#x", "double" }, { "x #y", "double" }, { "@x", "double" },
  { "`x", "double" }, { "!x", "double" }, { "&x", "double" }, { "*x", "double" },
  { "|", "double" }, { ">", "double" }, { "%x", "double" }, { "'x'", "double" },
  { '"x"', "double" }, { "[a]", "double" }, { "]", "double" }, { "{a}", "double" },
  { "{{ .Values.x }}", "double" }, { "}", "double" }, { ",a", "double" }, { "?", "double" },
  { "? a", "double" }, { "?a", "double" }, { "---", "double" }, { "--- a", "double" },
  { "...", "double" }, { "+", "double" },
  -- characters that need escapes
  { "a\tb", "double" }, { "\t", "double" }, { "a\0b", "double" }, { "\1", "double" },
  { "\x7f", "double" }, { "a\rb", "double" }, { "a\r\nb", "double" },
  { "\u{feff}x", "double" }, { "x\u{85}y", "double" }, { "a\u{2028}b", "double" },
  { "\u{9f}", "double" }, { "\\", "plain" }, { "a\\nb", "plain" },
  -- libyaml 0.2 escapes everything above U+FFFF, emoji included
  { "😀", "double" }, { "a😀b", "double" },
  -- multi-line
  { "a\nb", "literal" }, { "line1\nline2\n", "literal" }, { "#!/bin/sh\necho hi\n", "literal" },
  { "a\n\nb", "literal" }, { "key: value\nother: x\n", "literal" },
  { "- item\n- item2\n", "literal" }, { "a\n  indented\n", "literal" }, { "a\n", "literal" },
  { "a\n---\nb\n", "literal" }, { "x\n...\n", "literal" }, { "yes\nno", "literal" },
  { "a\nb\n\n", "double" }, { "\nx", "double" }, { "  \n", "double" }, { " a\nb", "double" },
  { "a \nb", "double" }, { "a\n ", "double" }, { "x\n\ty", "double" }, { "a\r\nb\r\n", "double" },
  { "\n", "double" }, { "a\nb😀", "double" },
}

describe("core.emit strings", function()
  it("has a long list of tricky strings", function()
    assert.is_true(#TRICKY >= 60)
  end)

  for i, case in ipairs(TRICKY) do
    local text, want = case[1], case[2]
    local want_key = want == "literal" and "double" or want
    it(("writes %q as %s"):format(text, want), function()
      local value_style, key_style = styles_of(text)
      assert.are.equal(want, value_style, "as a value")
      assert.are.equal(want_key, key_style, "as a key")
    end)
    TRICKY[i].index = i
  end

  -- One stream: each string as a value, as a list item, and as a key.
  local docs, expected = {}, {}
  for i, case in ipairs(TRICKY) do
    local object = { value = case[1], list = { case[1] }, keyed = { [case[1]] = i } }
    docs[i] = { object = object }
    expected[i] = canon(object)
  end
  local stream = core.emit(docs)

  it("is read back unchanged by YAML 1.1 readers (PyYAML)", function()
    local read = pyyaml_read(stream)
    assert.is_truthy(read.python, "no output from PyYAML")
    for parser, texts in pairs(read) do
      assert.are.equal(#TRICKY, #texts, parser .. ": document count")
      for i, text in ipairs(texts) do
        assert.are.equal(expected[i], text, ("%s: %q"):format(parser, TRICKY[i][1]))
      end
    end
  end)

  it("is read back unchanged by the YAML 1.2 reader (core.load_yaml)", function()
    for i, case in ipairs(TRICKY) do
      local out = core.emit { docs[i] }
      local value = core.load_yaml(out, "emitted.yaml")
      assert.are.equal(expected[i], canon(value), ("%q from\n%s"):format(case[1], out))
    end
  end)
end)

describe("core.emit numbers", function()
  local cases = {
    { 0.1, "0.1" }, { 1 / 3, "0.3333333333333333" }, { 1e300, "1.0e+300" },
    { 5e-324, "5.0e-324" }, { -0.0, "-0.0" }, { 3.0, "3.0" }, { 2.0 ^ 53, "9007199254740992.0" },
    { -2.5e-7, "-2.5e-07" }, { 1e15, "1.0e+15" }, { 123.456, "123.456" },
    { math.mininteger, "-9223372036854775808" }, { math.maxinteger, "9223372036854775807" },
    { 0, "0" }, { -42, "-42" },
  }
  local docs = {}
  for i, case in ipairs(cases) do docs[i] = { object = { num = case[1] } } end

  it("writes integers as integers and floats shortest, always as floats", function()
    for _, case in ipairs(cases) do
      assert.are.equal("---\nnum: " .. case[2] .. "\n", emit_one { num = case[1] })
    end
  end)

  it("reads back as the same number and type in YAML 1.1", function()
    local read = pyyaml_read(core.emit(docs))
    for parser, texts in pairs(read) do
      for i, case in ipairs(cases) do
        assert.are.equal(canon { num = case[1] }, texts[i], parser .. ": " .. case[2])
      end
    end
  end)

  it("reads back as the same number and type in YAML 1.2", function()
    for _, case in ipairs(cases) do
      local n = core.load_yaml(emit_one { num = case[1] }, "num.yaml").num
      assert.are.equal(math.type(case[1]), math.type(n), case[2])
      assert.are.equal(case[1], n, case[2])
      if case[1] == 0 then assert.are.equal(1 / case[1], 1 / n, "sign of zero") end
    end
  end)

  it("writes random doubles with as few digits as Python's repr, exactly", function()
    local state, values = 88172645463325252, {}
    while #values < 3000 do
      state = state ~ (state << 13); state = state ~ (state >> 7); state = state ~ (state << 17)
      local v = string.unpack("<d", string.pack("<i8", state))
      if v == v and v ~= math.huge and v ~= -math.huge then values[#values + 1] = v end
      values[#values + 1] = (state % 100000) / 1000
    end
    local out = emit_one(values)
    local texts = {}
    for text in out:gmatch("\n%- ([^\n]+)") do texts[#texts + 1] = text end
    assert.are.equal(#values, #texts)
    local script, input = os.tmpname(), os.tmpname()
    write_file(script, [[
import sys
def digits(s):
    return len(s.lower().split("e")[0].lstrip("-").replace(".", "").strip("0")) or 1
for line in open(sys.argv[1]):
    v = float(line)
    print("%.17g %d" % (v, digits(repr(v))))
]])
    write_file(input, table.concat(texts, "\n") .. "\n")
    local p = assert(io.popen("python3 " .. script .. " " .. input))
    local i = 0
    for line in p:lines() do
      i = i + 1
      local value, shortest = line:match("^(%S+) (%d+)$")
      local mantissa = texts[i]:lower():match("^[^e]*"):gsub("[-.]", ""):gsub("^0+", ""):gsub("0+$", "")
      assert.are.equal(("%.17g"):format(values[i]), value, texts[i])
      assert.are.equal(tonumber(shortest), math.max(#mantissa, 1), texts[i])
    end
    p:close()
    os.remove(script)
    os.remove(input)
    assert.are.equal(#values, i)
  end)

  it("does not depend on the C locale's decimal separator", function()
    -- The host never calls setlocale; if something else does, output holds.
    local before = os.setlocale(nil, "numeric")
    local changed = os.setlocale("de_DE.UTF-8", "numeric") or os.setlocale("fr_FR.UTF-8", "numeric")
    local out = emit_one { a = 1.5, b = 1 / 3 }
    os.setlocale(before, "numeric")
    assert.are.equal("---\na: 1.5\nb: 0.3333333333333333\n", out)
    if not changed then pending("no comma-decimal locale installed") end
  end)
end)

describe("core.emit layout", function()
  it("puts apiVersion, kind, metadata, spec first at the top, then sorts bytewise", function()
    local out = emit_one {
      status = {}, spec = { b = 1, a = 2, kind = "x" }, metadata = { name = "m" },
      kind = "K", apiVersion = "v1", Zeta = 1, ["_x"] = 1, data = "d",
    }
    assert.are.equal(table.concat({
      "---", "apiVersion: v1", "kind: K", "metadata:", "  name: m",
      "spec:", "  a: 2", "  b: 1", "  kind: x",
      "Zeta: 1", "_x: 1", "data: d", "status: {}", "" }, "\n"), out)
  end)

  it("sorts keys by bytes, not by locale or length", function()
    local out = emit_one { b = 1, B = 1, a = 1, aa = 1, ["a a"] = 1, ["é"] = 1, ["1"] = 1 }
    assert.are.equal('---\n"1": 1\nB: 1\na: 1\na a: 1\naa: 1\nb: 1\né: 1\n', out)
  end)

  it("writes empty tables as {} unless marked as lists", function()
    assert.are.equal("---\na: []\nb: {}\nc: {}\n",
      emit_one { a = core.list {}, b = core.map {}, c = {} })
    assert.are.equal("---\na:\n- 1\nb:\n  k: v\n",
      emit_one { a = core.list { 1 }, b = core.map { k = "v" } })
    assert.are.equal("---\n[]\n", emit_one(core.list {}))
  end)

  it("writes null, booleans and nested lists", function()
    assert.are.equal("---\na: null\nb: true\nc: false\nd:\n- - 1\n  - null\n- []\n",
      emit_one { a = core.null, b = true, c = false, d = { { 1, core.null }, core.list {} } })
  end)

  it("writes multi-line strings as literal blocks", function()
    assert.are.equal("---\na: |\n  x\n  y\nb: |-\n  x\n\n  y\nc:\n- |-\n  p\n    q\n",
      emit_one { a = "x\ny\n", b = "x\n\ny", c = { "p\n  q" } })
  end)

  it("never folds long lines", function()
    local long = ("word "):rep(100) .. "end"
    assert.are.equal("---\na: " .. long .. "\nb: \"" .. long .. " \"\n",
      emit_one { a = long, b = long .. " " })
  end)

  it("separates documents with --- and a # Source: line", function()
    local out = core.emit {
      { object = { kind = "A" }, source = "charts/flagsmith/api.lua" },
      { object = { kind = "B" } },
      { object = { kind = "C" }, source = "overlays/prod.lua" },
    }
    assert.are.equal("---\n# Source: charts/flagsmith/api.lua\nkind: A\n---\nkind: B\n"
      .. "---\n# Source: overlays/prod.lua\nkind: C\n", out)
    assert.are.equal("", core.emit {})
  end)

  it("writes a table met twice twice, without anchors", function()
    local shared = { x = 1 }
    assert.are.equal("---\na:\n  x: 1\nb:\n- x: 1\n", emit_one { a = shared, b = { shared } })
  end)

  it("is deterministic whatever the insertion order", function()
    local a, b = {}, {}
    for i = 1, 200 do a["k" .. i] = i end
    for i = 200, 1, -1 do b["k" .. i] = i end
    assert.are.equal(emit_one(a), emit_one(b))
  end)

  it("writes large maps (values looked up by key) the same way", function()
    local big, lines = {}, { "---" }
    for i = 1, 300 do big[("k%03d"):format(i)] = i end
    for i = 1, 300 do lines[#lines + 1] = ("k%03d: %d"):format(i, i) end
    assert.are.equal(table.concat(lines, "\n") .. "\n", emit_one(big))
  end)
end)

describe("core.emit errors", function()
  local function emit_error(docs)
    local ok, err = pcall(core.emit, docs)
    assert.is_false(ok, "expected an error")
    return err
  end
  local function object_error(object) return emit_error { { object = object } } end
  local deployment = function(value)
    return { kind = "Deployment", metadata = { name = "flagsmith-api" },
      spec = { template = { spec = { containers = { { env = {
        { name = "A" }, { name = "B" }, { name = "C" }, { name = "X", value = value } } } } } } } }
  end

  it("names the object and the field path", function()
    assert.are.equal("Deployment/flagsmith-api: spec.template.spec.containers[0].env[3].value: "
      .. "cannot write a function", object_error(deployment(print)))
  end)

  it("names the document when the object has no kind and name", function()
    assert.are.equal("document 2: a.b: cannot write a function",
      emit_error { { object = {} }, { object = { a = { b = print } } } })
    assert.are.equal("document 1: a: cannot write a function",
      object_error { kind = "Secret", metadata = { name = 7 }, a = print })
  end)

  it("says (root) for the object itself and quotes keys that are not names", function()
    assert.are.equal("document 1: (root): cannot write a function", object_error(print))
    assert.are.equal('document 1: metadata.labels["app.kubernetes.io/name"]: cannot write NaN',
      object_error { metadata = { labels = { ["app.kubernetes.io/name"] = 0 / 0 } } })
    assert.are.equal('document 1: ["a b"]["x\\"y"][1]: cannot write infinity',
      object_error { ["a b"] = { ['x"y'] = { 1, math.huge } } })
  end)

  local cases = {
    { "NaN", { a = 0 / 0 }, "a: cannot write NaN" },
    { "infinity", { a = math.huge }, "a: cannot write infinity" },
    { "-infinity", { a = -math.huge }, "a: cannot write -infinity" },
    { "a function", { a = { print } }, "a[0]: cannot write a function" },
    { "a thread", { a = coroutine.create(print) }, "a: cannot write a thread (coroutine)" },
    { "a userdata", { a = io.stdout },
      "a: cannot write a userdata (FILE*); only fsgen.null is allowed" },
    { "mixed keys", { a = { 1, 2, x = 1, y = 2 } },
      'a: table is both a list and a map (keys 1 and "x")' },
    { "a hole", { a = { 1, nil, 3 } }, "a: list has a hole at [1] (Lua index 2 is nil)" },
    { "a sparse list", { a = { [1] = 1, [3] = 3 } },
      "a: list has a hole at [1] (Lua index 2 is nil)" },
    { "a list not from 1", { a = { [2] = 1 } }, "a: list has a hole at [0] (Lua index 1 is nil)" },
    { "a float key", { a = { [3.5] = 1 } },
      "a: non-string key 3.5 (keys are strings, or 1..n for a list)" },
    { "a zero key", { a = { [0] = "x", "y" } },
      "a: non-string key 0 (keys are strings, or 1..n for a list)" },
    { "a negative key", { a = { [-1] = "x" } },
      "a: non-string key -1 (keys are strings, or 1..n for a list)" },
    { "a boolean key", { a = { [false] = 1, [true] = 1 } }, "a: non-string key false" },
    { "a table key", { a = { [{}] = 1 } }, "a: non-string key of type table" },
    { "string keys in fsgen.list", { a = core.list { x = 1 } },
      'a: fsgen.list table has string key "x"' },
    { "list items in fsgen.map", { a = core.map { "x" } }, "a: fsgen.map table has list key 1" },
    { "invalid UTF-8 in a string", { a = { b = "ok\xff" } }, "a.b: invalid UTF-8 in string" },
    { "invalid UTF-8 in a key", { a = { ["k\xc3"] = 1 } }, 'a["k\\xC3"]: invalid UTF-8 in key' },
    { "a surrogate", { a = "\xed\xa0\x80" }, "a: invalid UTF-8 in string" },
  }
  for _, case in ipairs(cases) do
    it("rejects " .. case[1], function()
      assert.are.equal("document 1: " .. case[3], object_error(case[2]))
    end)
  end

  it("rejects cycles but not shared tables", function()
    local t = { spec = {} }
    t.spec.self = { t }
    assert.are.equal("document 1: spec.self[0]: cycle: table contains itself (first met at (root))",
      object_error(t))
    local inner = {}
    inner.again = inner
    assert.are.equal("document 1: a.again: cycle: table contains itself (first met at a)",
      object_error { a = inner })
  end)

  it("bounds nesting at 1000 levels with an error, not a crash", function()
    local function nest(levels)
      local root = {}
      local t = root
      for _ = 2, levels do t.x = {}; t = t.x end
      return root
    end
    assert.is_truthy(emit_one(nest(1000)))
    local err = object_error(nest(1001))
    assert.is_truthy(err:find(": nesting deeper than 1000 levels$"), err)
    assert.is_truthy(err:find("^document 1: x%.x%.x"), err)
    assert.is_true(#err < 200, "the path is shortened")
    local list = {}
    local t = list
    for _ = 1, 5000 do t[1] = {}; t = t[1] end
    assert.is_truthy(object_error(list):find("nesting deeper than 1000 levels", 1, true))
  end)

  it("never puts a string value in a message", function()
    local err = object_error { password = { "hunter2\xff" } }
    assert.are.equal("document 1: password[0]: invalid UTF-8 in string", err)
    assert.is_nil(err:find("hunter2", 1, true))
  end)

  it("checks the documents list", function()
    assert.are.equal("document 1: no object (each document is {object = ..., source = ...})",
      emit_error { { source = "x" } })
    assert.are.equal("document 2: not a table (each document is {object = ..., source = ...})",
      emit_error { { object = {} }, "x" })
    assert.are.equal("document 1: source must be a string", emit_error { { object = {}, source = 1 } })
    assert.are.equal("document 1: source must be one line of UTF-8 text",
      emit_error { { object = {}, source = "a\nb" } })
    assert.is_false(pcall(core.emit, "x"))
  end)

  it("leaves no state behind after an error", function()
    for _ = 1, 50 do pcall(core.emit, { { object = { a = { 1, x = 2 } } } }) end
    collectgarbage()
    assert.are.equal("---\na: 1\n", emit_one { a = 1 })
  end)
end)
