-- core.load_yaml from Lua: values files as teams write them for Helm, the
-- YAML 1.2 scalar rules, exact error messages, and marks the engine can look
-- up with fsgen.path.
local core = require "fsgen.core"
local path = require "fsgen.path"

local DIR = (os.getenv("FSGEN_SOURCE_DIR") or ".") .. "/spec/fixtures/yaml/"

local function read(name)
  local f = assert(io.open(DIR .. name, "rb"))
  local text = f:read("a")
  f:close()
  return text
end

local function load(name, opts)
  return core.load_yaml(read(name), "values/" .. name, opts)
end

local function load_error(text, name, opts)
  local ok, err = pcall(core.load_yaml, text, name or "v.yaml", opts)
  assert(not ok, "loaded without error")
  return err
end

-- Calls fn(segments, value) for every map entry and list item under value.
local function walk(value, fn, segments)
  segments = segments or {}
  if type(value) ~= "table" then return end
  for k, v in pairs(value) do
    local here = { table.unpack(segments) }
    here[#here + 1] = k
    fn(here, v)
    walk(v, fn, here)
  end
end

local function get(value, segments)
  for _, k in ipairs(segments) do
    if type(value) ~= "table" then return nil end
    value = value[k]
  end
  return value
end

describe("core.load_yaml", function()
  describe("a Helm-style values file", function()
    local v, marks = load("values.yaml")

    it("resolves plain scalars by YAML 1.2 and keeps quoted ones as strings", function()
      assert.equal("2.0", v.api.image.tag)
      assert.equal(2, v.api.replicacount)
      assert.equal("integer", math.type(v.api.replicacount))
      assert.equal("*", v.api.extraEnv.DJANGO_ALLOWED_HOSTS)
      assert.equal(true, v.api.extraEnv.ENABLE_ADMIN_ACCESS_USER_PASS)
      assert.equal(64, v.api.extraEnv.MAX_CONNECTIONS)
      assert.equal(0.25, v.api.extraEnv.SENTRY_SAMPLE_RATE)
      assert.equal("yes", v.api.extraEnv.USE_X_FORWARDED_HOST)
      assert.equal("true", v.api.podAnnotations["prometheus.io/scrape"])
      assert.equal("8000", v.api.podAnnotations["prometheus.io/port"])
      assert.equal(5432, v.databaseExternal.port)
      assert.equal(false, v.taskProcessor.enabled)
      assert.equal("Welcome to Flagsmith.\n  Indented line kept.\n", v.motd)
      assert.equal("folded into one line", v.banner)
    end)

    it("gives nulls as fsgen.null, so a null can delete a key when layered", function()
      assert.is_true(core.is_null(v.api.extraInitContainers))
      assert.is_true(core.is_null(v.postgresql.serviceAccount.name))
      assert.is_true(core.is_null(v.databaseExternal.url))
      assert.equal(core.null, v.databaseExternal.url)
    end)

    it("keeps empty maps and lists apart", function()
      assert.is_true(core.is_list(v.api.command))
      assert.is_true(core.is_map(v.api.affinity))
      assert.is_true(core.is_list(v["x-common"].pod.tolerations))
      assert.is_true(core.is_map(v["x-common"].pod.nodeSelector))
      assert.is_nil(getmetatable(v.api.image))
    end)

    it("applies merge keys: explicit keys win, then earlier maps", function()
      assert.equal(10, v.api.readinessProbe.failureThreshold)
      assert.equal(10, v.api.readinessProbe.periodSeconds)
      assert.equal(2, v.api.readinessProbe.timeoutSeconds)
      assert.same({ ["kubernetes.io/os"] = "linux" }, v.api.nodeSelector)
      assert.is_true(core.is_map(v.api.affinity))
      assert.equal(1, v.frontend.replicacount)
      assert.equal(true, v.frontend.enabled)
      assert.equal("dedicated", v.frontend.tolerations[1].key)
      assert.equal("1Gi", v.frontend.resources.limits.memory)
      assert.equal("100m", v.frontend.resources.requests.cpu)
      walk(v, function(segments)
        assert.not_equal("<<", segments[#segments], path.format(segments))
      end)
    end)

    it("gives each alias its own copy", function()
      local fresh = load("values.yaml")
      local shared = fresh["x-common"].resources
      assert.same(shared, fresh.api.resources)
      assert.is_false(rawequal(shared, fresh.api.resources))
      fresh.api.resources.requests.cpu = "2"
      fresh.frontend.resources.requests.memory = "1Gi"
      assert.equal("100m", shared.requests.cpu)
      assert.equal("256Mi", shared.requests.memory)
      assert.equal("100m", fresh.frontend.resources.requests.cpu)
    end)

    it("marks where each entry is written, aliased and merged ones at their source", function()
      assert.equal("23:1", marks.api)
      assert.equal("27:5", marks["api.image.tag"])
      assert.equal("36:5", marks['api.nodeSelector["kubernetes.io/os"]'])
      assert.equal("59:7", marks["frontend.tolerations[0].effect"])
      assert.equal("56:7", marks["frontend.tolerations[0]"])
      -- From *probes, and from <<: *probes.
      assert.equal("12:5", marks["api.livenessProbe.periodSeconds"])
      assert.equal("12:5", marks["api.readinessProbe.periodSeconds"])
      assert.equal("34:5", marks["api.readinessProbe.failureThreshold"])
      -- From the inline map in a merge list.
      assert.equal("48:24", marks["frontend.replicacount"])
      assert.equal("20:7", marks['frontend.podAnnotations["prometheus.io/scrape"]'])
    end)

    it("marks exactly the entries there are, in fsgen.path syntax", function()
      local entries = 0
      walk(v, function(segments)
        entries = entries + 1
        assert.is_string(marks[path.format(segments)], path.format(segments))
      end)
      local marked = 0
      for p, where in pairs(marks) do
        marked = marked + 1
        assert.matches("^%d+:%d+$", where)
        local segments = assert(path.parse(p))
        assert.equal(p, path.format(segments))
        assert.is_not_nil(get(v, segments), p)
      end
      assert.equal(entries, marked)
    end)

    it("skips marks when asked", function()
      local value, none = load("values.yaml", { marks = false })
      assert.same(v, value)
      assert.is_nil(none)
    end)
  end)

  describe("a stream of manifests (opts.multi)", function()
    it("gives every non-empty document, with marks for each", function()
      local docs, marks = load("extra-objects.yaml", { multi = true })
      assert.equal(2, #docs)
      assert.equal("flagsmith-extra", docs[1].data.owner)
      assert.equal("Secret", docs[2].kind)
      assert.equal("0123", docs[2].stringData.token)
      assert.equal("8:3", marks[1]["data.owner"])
      assert.equal("17:3", marks[2]["stringData.token"])
    end)

    it("is an error without opts.multi", function()
      assert.equal("values/extra-objects.yaml:9:1: more than one document; fsgen reads one "
        .. "values document per file", select(2, pcall(load, "extra-objects.yaml")))
    end)
  end)

  it("reads an empty or comment-only file as an empty map", function()
    for _, name in ipairs { "empty.yaml", "comments-only.yaml" } do
      local v, marks = load(name)
      assert.is_true(core.is_map(v), name)
      assert.is_nil(next(v))
      assert.same({}, marks)
    end
  end)

  describe("refuses, naming file, line and column,", function()
    local cases = {
      { "duplicate-key.yaml", "values/duplicate-key.yaml:6:3: duplicate key 'replicacount'" },
      { "tabs.yaml", "values/tabs.yaml:2:1: found character that cannot start any token: a tab; "
        .. "indent YAML with spaces" },
      { "secret-tag.yaml", "values/secret-tag.yaml:3:23: unknown tag '!vault' (fsgen reads !!str, "
        .. "!!int, !!float, !!bool, !!null, !!map, !!seq)" },
      { "merge-scalar.yaml", "values/merge-scalar.yaml:3:3: '<<' merges a mapping or a list of "
        .. "mappings, not a scalar" },
      { "latin1.yaml", "values/latin1.yaml:3:13: not valid UTF-8 (incomplete UTF-8 octet "
        .. "sequence); save the file as UTF-8" },
      { "utf16.yaml", "values/utf16.yaml:1:1: UTF-16 text (a UTF-16 byte order mark); save the "
        .. "file as UTF-8" },
      { "two-documents.yaml", "values/two-documents.yaml:2:1: more than one document; fsgen reads "
        .. "one values document per file" },
    }
    for _, case in ipairs(cases) do
      it(case[1], function()
        local ok, err = pcall(load, case[1])
        assert.is_false(ok)
        assert.equal(case[2], err)
      end)
    end

    it("a NUL byte", function()
      assert.equal("v.yaml:2:6: NUL byte in the file; YAML must be UTF-8 text (is it UTF-16 or binary?)",
        load_error("a: 1\nb: \"x\0\""))
    end)

    it("never with a value in the message", function()
      local err = load_error(read("secret-tag.yaml"), "s.yaml")
      assert.is_nil(err:find("secret/data", 1, true))
      err = load_error("db:\n  password: !!int hunter2\n")
      assert.equal("v.yaml:2:13: a value tagged !!int must be an integer (decimal, 0o octal or 0x hex)", err)
    end)
  end)

  describe("plain scalars (YAML 1.2 core schema)", function()
    local rows = {
      { "~", core.null }, { "null", core.null }, { "NULL", core.null }, { "", core.null },
      { "true", true }, { "False", false }, { "yes", "yes" }, { "off", "off" }, { "y", "y" },
      { "0", 0, "integer" }, { "-12", -12, "integer" }, { "+7", 7, "integer" },
      { "0755", 755, "integer" }, { "0o755", 493, "integer" }, { "0x1f", 31, "integer" },
      { "0X1F", "0X1F" }, { "1_000", "1_000" }, { "12:30:00", "12:30:00" },
      { "9223372036854775807", math.maxinteger, "integer" },
      { "9223372036854775808", 9223372036854775808.0, "float" },
      { "1.0", 1.0, "float" }, { "1e3", 1000.0, "float" }, { ".5", 0.5, "float" },
      { "-.inf", -math.huge, "float" }, { ".Inf", math.huge, "float" },
      { "1.2.3", "1.2.3" }, { "v1", "v1" }, { "2001-12-14", "2001-12-14" },
    }
    for _, row in ipairs(rows) do
      it(("reads %q"):format(row[1]), function()
        local v = core.load_yaml("k: " .. row[1] .. "\n", "s.yaml").k
        assert.equal(row[2], v)
        if row[3] then assert.equal(row[3], math.type(v)) end
      end)
    end

    it("reads .nan as NaN", function()
      local v = core.load_yaml("k: .nan", "s.yaml").k
      assert.is_true(v ~= v)
    end)

    it("keeps quoted and block scalars as strings", function()
      assert.same({ a = "1", b = "true", c = "~", d = "12\n" },
        core.load_yaml("a: '1'\nb: \"true\"\nc: '~'\nd: |\n  12\n", "s.yaml"))
    end)

    it("keeps keys as their text", function()
      assert.same({ ["80"] = "http", ["true"] = "x", ["~"] = "y" },
        core.load_yaml("80: http\ntrue: x\n~: y\n", "s.yaml"))
    end)
  end)

  describe("hostile input", function()
    it("fails fast on a \"billion laughs\" document", function()
      local lines = { 'a: &a ["lol"' .. string.rep(', "lol"', 9) .. "]" }
      for i = 2, 9 do
        local name, prev = string.char(96 + i), string.char(95 + i)
        lines[i] = ("%s: &%s [*%s%s]"):format(name, name, prev, string.rep(", *" .. prev, 9))
      end
      local start = os.clock()
      assert.equal('v.yaml:6:12: alias expansion exceeds the budget (a "billion laughs" document?)',
        load_error(table.concat(lines, "\n")))
      assert.is_true(os.clock() - start < 2)
    end)

    it("fails fast on deep nesting", function()
      local start = os.clock()
      assert.equal("v.yaml:1:513: nesting deeper than 512 levels",
        load_error(string.rep("[", 100000) .. string.rep("]", 100000)))
      assert.equal("v.yaml:1:2048: nesting deeper than 512 levels",
        load_error(string.rep("a: {", 100000)))
      assert.is_true(os.clock() - start < 2)
      local ok = pcall(core.load_yaml, string.rep("[", 512) .. string.rep("]", 512), "v.yaml")
      assert.is_true(ok)
    end)
  end)

  it("checks its arguments", function()
    assert.has_error(function() core.load_yaml(nil, "v.yaml") end)
    assert.has_error(function() core.load_yaml("a: 1") end)
    assert.has_error(function() core.load_yaml("a: 1", "v.yaml", "multi") end)
  end)
end)
