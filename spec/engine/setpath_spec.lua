-- Cases marked "Helm:" come from Helm's own pkg/strvals tests and must give
-- the same result here; "deviation:" marks where fsgen reports an error (or
-- a plainer result) where Helm does something surprising.
local core = require "fsgen.core"
local setpath = require "fsgen.setpath"

local null = core.null

local function parse(expr, opts)
  return setpath.parse(expr, false, opts)
end

local function parse_string(expr, opts)
  return setpath.parse(expr, true, opts)
end

local function parse_error(expr, as_string, opts)
  local ok, err = pcall(setpath.parse, expr, as_string, opts)
  assert.is_false(ok, "expected an error for " .. expr)
  return err
end

describe("fsgen.setpath", function()
  describe("assignments", function()
    it("Helm: sets one or several keys", function()
      assert.same({ name1 = "value1" }, parse("name1=value1"))
      assert.same({ name1 = "value1", name2 = "value2" }, parse("name1=value1,name2=value2"))
    end)

    it("Helm: allows one trailing comma", function()
      assert.same({ name1 = "value1", name2 = "value2" }, parse("name1=value1,name2=value2,"))
    end)

    it("Helm: an empty value is the empty string", function()
      assert.same({ name1 = "", name2 = "value2" }, parse("name1=,name2=value2"))
      assert.same({ name1 = { name2 = "" } }, parse("name1.name2="))
    end)

    it("Helm: keeps spaces in values", function()
      assert.same({ name1 = "one two three", name2 = "three two one" },
        parse("name1=one two three,name2=three two one"))
    end)

    it("Helm: nests maps with dots", function()
      assert.same({ outer = { inner = "value" } }, parse("outer.inner=value"))
      assert.same({ outer = { middle = { inner = "value" } } }, parse("outer.middle.inner=value"))
      assert.same({ outer = { inner1 = "value", inner2 = "value2" } },
        parse("outer.inner1=value,outer.inner2=value2"))
      assert.same({ outer = { inner1 = "value", middle = { inner = "value" } } },
        parse("outer.inner1=value,outer.middle.inner=value"))
    end)

    it("takes everything after the first '=' up to ',' as the value", function()
      assert.same({ a = "b.c[0]=d" }, parse("a=b.c[0]=d"))
    end)

    it("lets a later assignment replace an earlier one", function()
      assert.same({ a = 2 }, parse("a=1,a=2"))
      assert.same({ a = 2 }, parse("a.b=1,a=2"))
    end)

    it("accepts an empty expression as no values (Helm does too)", function()
      assert.same({}, parse(""))
    end)

    it("passes UTF-8 through", function()
      assert.same({ greeting = "héllo wörld ✓" }, parse("greeting=héllo wörld ✓"))
    end)
  end)

  describe("type inference", function()
    it("Helm: reads null, true and false in any case", function()
      local v = parse("name1=null,f=false,t=true")
      assert.equal(null, v.name1)
      assert.equal(false, v.f)
      assert.equal(true, v.t)
      v = parse("a=TRUE,b=False,c=NULL,d=Null")
      assert.same({ a = true, b = false, c = null, d = null }, v)
    end)

    it("Helm: reads decimal integers as Lua integers", function()
      local v = parse("zero_int=0,long_int=1234567890")
      assert.equal(0, v.zero_int)
      assert.equal("integer", math.type(v.zero_int))
      assert.equal(1234567890, v.long_int)
      assert.equal("integer", math.type(v.long_int))
    end)

    it("Helm: keeps numbers with a leading zero as strings", function()
      assert.same({ leading_zeros = "00009", b = "0123" }, parse("leading_zeros=00009,b=0123"))
    end)

    it("reads signed integers as Go's ParseInt does", function()
      assert.same({ a = -5, b = 5, c = -12, d = 0 }, parse("a=-5,b=+5,c=-012,d=-0"))
    end)

    it("keeps integers beyond 64 bits as strings", function()
      local v = parse("max=9223372036854775807,min=-9223372036854775808,over=9223372036854775808")
      assert.equal(math.maxinteger, v.max)
      assert.equal(math.mininteger, v.min)
      assert.equal("9223372036854775808", v.over)
    end)

    it("keeps floats, hex, exponents and padded numbers as strings", function()
      assert.same({ a = "1.5", b = "0x10", c = "1e3", d = " 5", e = "5 ", f = "1_000", g = "yes" },
        parse("a=1.5,b=0x10,c=1e3,d= 5,e=5 ,f=1_000,g=yes"))
    end)

    it("Helm: --set-string infers nothing", function()
      assert.same({ long_int_string = "1234567890" }, parse_string("long_int_string=1234567890"))
      assert.same({ boolean = "true" }, parse_string("boolean=true"))
      assert.same({ is_null = "null" }, parse_string("is_null=null"))
      assert.same({ zero = "0" }, parse_string("zero=0"))
      assert.same({ l = { "1", "true" } }, parse_string("l={1,true}"))
    end)
  end)

  describe("escapes", function()
    it("Helm: a backslash makes ',' and '=' literal in values", function()
      assert.same({ name1 = "one,two", name2 = "three,four" }, parse("name1=one\\,two,name2=three\\,four"))
      assert.same({ name1 = "one=two", name2 = "three=four" }, parse("name1=one\\=two,name2=three\\=four"))
    end)

    it("makes '.', '[', '=' literal in keys", function()
      assert.same({ ["a.b"] = 1 }, parse("a\\.b=1"))
      assert.same({ nodeSelector = { ["kubernetes.io/os"] = "linux" } },
        parse("nodeSelector.kubernetes\\.io/os=linux"))
      assert.same({ ["a[0]"] = "x" }, parse("a\\[0]=x"))
      assert.same({ ["a=b"] = "c" }, parse("a\\=b=c"))
    end)

    it("escapes a backslash with a backslash", function()
      assert.same({ path = "C:\\dir" }, parse("path=C:\\\\dir"))
    end)

    it("escaped text is never typed specially", function()
      assert.same({ a = "1,2" }, parse("a=1\\,2"))
    end)
  end)

  describe("list values", function()
    it("Helm: reads {a,b} as a list", function()
      assert.same({ name1 = { "value1", "value2" } }, parse("name1={value1,value2}"))
      assert.same({ name1 = { "value1", "value2" }, name2 = { "value1", "value2" } },
        parse("name1={value1,value2},name2={value1,value2}"))
      assert.same({ name1 = { name2 = { "value1", "value2" } } }, parse("name1.name2={value1,value2}"))
    end)

    it("Helm: types list elements", function()
      local v = parse("name1={1021,902}")
      assert.same({ 1021, 902 }, v.name1)
      assert.equal("integer", math.type(v.name1[1]))
      assert.same({ true, null, "x" }, parse("l={true,null,x}").l)
    end)

    it("tags list values as lists", function()
      assert.is_true(core.is_list(parse("a={x}").a))
    end)

    it("deviation: {} is an empty list (Helm gives [\"\"])", function()
      local v = parse("a={}")
      assert.same({}, v.a)
      assert.is_true(core.is_list(v.a))
    end)

    it("keeps empty elements between commas, as Helm", function()
      assert.same({ "", "" }, parse("a={,}").a)
      assert.same({ "x", "" }, parse("a={x,}").a)
    end)

    it("honours escapes inside lists", function()
      assert.same({ "x,y", "z}" }, parse("a={x\\,y,z\\}}").a)
      assert.same({ a = "{x}" }, parse("a=\\{x}"))
    end)
  end)

  describe("list indexes", function()
    it("Helm: sets elements by index", function()
      assert.same({ list = { "foo" } }, parse("list[0]=foo"))
      assert.same({ list = { "foo", "bar" } }, parse("list[0]=foo,list[1]=bar"))
      assert.same({ list = { "foo", "bar" } }, parse("list[0]=foo,list[1]=bar,"))
      assert.same({ noval = { "" } }, parse("noval[0]="))
    end)

    it("Helm: builds maps inside list elements", function()
      assert.same({ list = { { foo = "bar" } } }, parse("list[0].foo=bar"))
      assert.same({ list = { { foo = "bar", hello = "world" } } }, parse("list[0].foo=bar,list[0].hello=world"))
    end)

    it("Helm: fills the gap before an index with null", function()
      assert.same({ list = { "foo", null, null, "bar" } }, parse("list[0]=foo,list[3]=bar"))
      assert.same({ name1 = { name2 = { null, { foo = "bar" } } } }, parse("name1.name2[1].foo=bar"))
    end)

    it("Helm: fills a null gap later, in either order", function()
      local expect = { name1 = { name2 = { { foo = "bar" }, { foo = "bar" } } } }
      assert.same(expect, parse("name1.name2[0].foo=bar,name1.name2[1].foo=bar"))
      assert.same(expect, parse("name1.name2[1].foo=bar,name1.name2[0].foo=bar"))
    end)

    it("Helm: nests lists", function()
      assert.same({ nested = { { 1 } } }, parse("nested[0][0]=1"))
      assert.same({ nested = { null, { null, 1 } } }, parse("nested[1][1]=1"))
    end)

    it("sets a list value at an index", function()
      assert.same({ a = { { "x", "y" } } }, parse("a[0]={x,y}"))
    end)

    it("tags lists built from indexes as lists", function()
      local v = parse("a[0].b[1]=x")
      assert.is_true(core.is_list(v.a))
      assert.is_true(core.is_list(v.a[1].b))
    end)

    it("accepts the largest index Helm accepts", function()
      local v = parse("a[65536]=x")
      assert.equal(65537, #v.a)
      assert.equal("x", v.a[65537])
    end)
  end)

  describe("into (several --set flags, as Helm's ParseInto)", function()
    it("Helm: overwrites and adds keys of an existing table", function()
      local into = { outer = { inner1 = "overwrite", inner2 = "value2" } }
      parse("outer.inner1=value1,outer.inner3=value3,outer.inner4=4", { into = into })
      assert.same({ outer = { inner1 = "value1", inner2 = "value2", inner3 = "value3", inner4 = 4 } }, into)
    end)

    it("Helm: merges into list elements set by an earlier flag", function()
      local into = {}
      parse("listOuter[0][0].type=listValue", { into = into })
      parse("listOuter[0][0].status=alive", { into = into })
      assert.same({ listOuter = { { { type = "listValue", status = "alive" } } } }, into)
    end)

    it("Helm: extends lists from an earlier flag", function()
      local into = {}
      parse("listOuter[0][0].type=listValue", { into = into })
      parse("listOuter[1][0].status=alive", { into = into })
      assert.same({ listOuter = { { { type = "listValue" } }, { { status = "alive" } } } }, into)
    end)

    it("Helm: works in untagged lists it did not create", function()
      local into = { listOuter = { { { { exited = "old" } } } } }
      parse("listOuter[0][1][0].type=listValue", { into = into })
      parse("listOuter[0][0][1].status=alive", { into = into })
      assert.same({ listOuter = { {
        { { exited = "old" }, { status = "alive" } },
        { { type = "listValue" } },
      } } }, into)
    end)

    it("Helm: --set-string into an existing table", function()
      local into = { outer = { inner1 = "overwrite", inner2 = "value2" } }
      parse_string("outer.inner1=1,outer.inner3=3", { into = into })
      assert.same({ outer = { inner1 = "1", inner2 = "value2", inner3 = "3" } }, into)
    end)

    it("gives a later flag's index the earlier flag's list", function()
      local into = {}
      parse("a[1]=x", { into = into })
      parse("a[0]=y", { into = into })
      assert.same({ a = { "y", "x" } }, into)
    end)
  end)

  describe("errors", function()
    local cases = {
      -- Helm rejects all of these too.
      { "name1=value1,,,,name2=value2,", "--set 'name1=value1,,,,name2=value2,': empty assignment at character 14" },
      { "name1,name2=", "--set 'name1,name2=': 'name1' has no value at character 6" },
      { "name1,name2=value2", "--set 'name1,name2=value2': 'name1' has no value at character 6" },
      { "name1,name2=value2\\", "--set 'name1,name2=value2\\': 'name1' has no value at character 6" },
      { "name1,name2", "--set 'name1,name2': 'name1' has no value at character 6" },
      { "name1.name2", "--set 'name1.name2': 'name1.name2' has no value (expected 'name1.name2=VALUE')" },
      { "name1.name2,name1.name3", "--set 'name1.name2,name1.name3': 'name1.name2' has no value at character 12" },
      { "name1.=name2", "--set 'name1.=name2': empty key after 'name1.' at character 7" },
      { "name1.,name2", "--set 'name1.,name2': empty key after 'name1.' at character 7" },
      { "name1={1021,902", "--set 'name1={1021,902': the list has no closing '}' at character 7" },
      { "list[0].foo=bar,list[-30].hello=world",
        "--set 'list[0].foo=bar,list[-30].hello=world': negative list index -30 at character 21" },
      { "list[0]=foo,list[-20]=bar", "--set 'list[0]=foo,list[-20]=bar': negative list index -20 at character 17" },
      { "illegal[0]name.foo=bar",
        "--set 'illegal[0]name.foo=bar': unexpected 'n' after ']' at character 11 (expected '=', '.' or '[')" },
      { "]={}].", "--set ']={}].': unexpected ']' after '}' at character 5 (expected ',' or the end)" },
      { "a[65537]=x", "--set 'a[65537]=x': list index 65537 is larger than 65536 at character 2" },
      -- deviation: Helm accepts these silently.
      { "noval[0]", "--set 'noval[0]': 'noval[0]' has no value (expected 'noval[0]=VALUE')" },
      { "=value", "--set '=value': empty key at character 1" },
      { "a=b\\", "--set 'a=b\\': '\\' at the end escapes nothing at character 4" },
      -- more mistakes
      { "a..b=1", "--set 'a..b=1': empty key after 'a.' at character 3" },
      { "a.", "--set 'a.': 'a.' ends without a key" },
      { "a", "--set 'a': 'a' has no value (expected 'a=VALUE')" },
      { ",a=1", "--set ',a=1': empty assignment at character 1" },
      { "a[x]=1", "--set 'a[x]=1': list index 'x' is not a number at character 2" },
      { "a[]=1", "--set 'a[]=1': empty list index at character 2" },
      { "a[0", "--set 'a[0': '[' has no closing ']' at character 2" },
      { "a[0],b=1", "--set 'a[0],b=1': 'a[0]' has no value at character 5" },
      { "a={x}y", "--set 'a={x}y': unexpected 'y' after '}' at character 6 (expected ',' or the end)" },
      { "a=1,a.b=2", "--set 'a=1,a.b=2': 'a' is already set to a number, cannot use it as a map at character 6" },
      { "a.b=1,a[0]=2", "--set 'a.b=1,a[0]=2': 'a' is already set to a map, cannot use it as a list at character 8" },
      { "a[0]=1,a[0].b=2",
        "--set 'a[0]=1,a[0].b=2': 'a[0]' is already set to a number, cannot use it as a map at character 12" },
      { "a[0]=x,a[0][0]=2",
        "--set 'a[0]=x,a[0][0]=2': 'a[0]' is already set to a string, cannot use it as a list at character 12" },
    }
    for _, case in ipairs(cases) do
      it(("rejects %q"):format(case[1]), function()
        assert.equal(case[2], parse_error(case[1], false))
      end)
    end

    it("names --set-string for --set-string", function()
      assert.equal("--set-string 'a..b=1': empty key after 'a.' at character 3", parse_error("a..b=1", true))
    end)

    it("uses opts.flag when given", function()
      assert.equal("--set-file 'a': 'a' has no value (expected 'a=VALUE')",
        parse_error("a", false, { flag = "--set-file" }))
    end)

    it("limits nesting to 30 levels, as Helm", function()
      local keys = {}
      for i = 1, 31 do keys[i] = "k" end
      assert.is_table(parse(table.concat(keys, ".") .. "=1"))
      keys[32] = "k"
      local expr = table.concat(keys, ".") .. "=1"
      assert.equal(("--set '%s': nested more than 30 levels deep at character 62"):format(expr),
        parse_error(expr, false))
    end)

    it("reports a conflict with a value from into", function()
      assert.equal("--set 'a.b=1': 'a' is already set to a string, cannot use it as a map at character 2",
        parse_error("a.b=1", false, { into = { a = "x" } }))
    end)

    it("lets a null be replaced by a map or list", function()
      assert.same({ a = { b = 1 } }, parse("a=null,a.b=1"))
      assert.same({ a = { 1 } }, parse("a=null,a[0]=1"))
    end)
  end)

  describe("secrets in error messages", function()
    it("masks values of secret-looking keys and counts positions in what it shows", function()
      assert.equal("--set 'db.password=***,a..b=1': empty key after 'a.' at character 19",
        parse_error("db.password=hunter2,a..b=1", false))
    end)

    it("masks secrets after the error too", function()
      assert.equal("--set 'a..b=1,apiToken=***': empty key after 'a.' at character 3",
        parse_error("a..b=1,apiToken=abc", false))
    end)

    it("masks secret lists, keys with 'secret' or 'key' in any case", function()
      assert.equal("--set 'PASSWORDS=***,clientSecret=***,apiKey=***,x': 'x' has no value (expected 'x=VALUE')",
        parse_error("PASSWORDS={a,b},clientSecret=s,apiKey=k,x", false))
    end)

    it("masks values of paths in opts.secrets", function()
      assert.equal("--set 'database.url=***,x': 'x' has no value (expected 'x=VALUE')",
        parse_error("database.url=postgres://u:p@h/db,x", false, { secrets = { "database.url" } }))
      assert.equal("--set 'a.conn=***,x': 'x' has no value (expected 'x=VALUE')",
        parse_error("a.conn=s,x", false, { secrets = { "*.conn" } }))
    end)

    it("points at the mask when the error is inside a secret value", function()
      assert.equal("--set 'x=1,password=***': the list has no closing '}' at character 14",
        parse_error("x=1,password={a,b", false))
    end)
  end)
end)
