-- The name rules (k8s.io/apimachinery validation) and the regular
-- expressions of CRD patterns, case by case.
local names = require "fsgen.validate.names"
local regex = require "fsgen.validate.regex"

local function ok(check, list)
  for _, s in ipairs(list) do assert.is_nil(check(s), ("'%s' should pass"):format(s)) end
end

local function bad(check, list)
  for _, s in ipairs(list) do assert.is_string(check(s), ("'%s' should fail"):format(s)) end
end

describe("name rules", function()
  it("DNS-1123 labels", function()
    ok(names.dns1123_label, { "a", "web", "web-1", "1web", ("a"):rep(63) })
    bad(names.dns1123_label, { "", "-web", "web-", "Web", "web.1", "web_1", ("a"):rep(64) })
  end)

  it("DNS-1123 subdomains", function()
    ok(names.dns1123_subdomain, { "a", "flagsmith.example.com", "1-2.x", ("a"):rep(253) })
    bad(names.dns1123_subdomain, { "", "a..b", ".a", "a.", "A.b", "a_b", ("a"):rep(254) })
  end)

  it("DNS-1035 labels start with a letter", function()
    ok(names.dns1035_label, { "web", "w1" })
    bad(names.dns1035_label, { "1web", "-w", "w-", "W" })
  end)

  it("qualified names: an optional DNS prefix, one '/', a name part", function()
    ok(names.qualified_name, { "app", "app.kubernetes.io/name", "My_Key.1", "a/B" })
    bad(names.qualified_name, { "", "/x", "x/", "a/b/c", "-x", "x-", "Example.com/x", ("a"):rep(64) })
  end)

  it("label values may be empty", function()
    ok(names.label_value, { "", "v1.2.3", "My_Value", ("a"):rep(63) })
    bad(names.label_value, { "a b", "-a", "a/b", ("a"):rep(64) })
  end)

  it("IANA service names (port names)", function()
    ok(names.iana_svc_name, { "http", "h2c", "grpc-web", ("a"):rep(15) })
    bad(names.iana_svc_name, { "", "HTTP", "http_port", "123", "a--b", "-a", "a-", ("a"):rep(16) })
  end)

  it("env var names and config keys", function()
    ok(names.env_var_name, { "A", "_x", "a.b-c", "PATH2" })
    bad(names.env_var_name, { "", "1A", "A B", "A=B" })
    ok(names.config_key, { "a", ".env", "app.conf", "A_b-1" })
    bad(names.config_key, { "", "a/b", "a b", ("a"):rep(254) })
  end)

  it("path segments (RBAC names)", function()
    ok(names.path_segment, { "reader", "Reader:all" })
    bad(names.path_segment, { ".", "..", "a/b", "a%b" })
  end)

  it("repair suggests a name that follows the rule", function()
    assert.are.equal("flagsmith-api", names.repair("Flagsmith_API", names.dns1123_subdomain))
    assert.are.equal("db-primary", names.repair("db.primary", names.dns1123_label))
    assert.are.equal("web", names.repair("1web", names.dns1035_label))
    assert.is_nil(names.repair("___", names.dns1123_label))
  end)
end)

describe("CRD pattern regular expressions", function()
  local function matches(pattern, yes, no)
    local m = assert(regex.compile(pattern))
    for _, s in ipairs(yes) do assert.is_true(m(s), ("%s should match '%s'"):format(pattern, s)) end
    for _, s in ipairs(no) do assert.is_false(m(s), ("%s should not match '%s'"):format(pattern, s)) end
  end

  it("anchors, classes, groups, alternation and repetition", function()
    matches([[^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$]],
      { "", "a.b", "foo-bar.example.com" }, { "-a", "A", "a..b", "a." })
    matches([[^([0-9]{1,5}(h|m|s|ms)){1,4}$]], { "10s", "1h2m3s4ms" }, { "123456s", "1h1h1h1h1h", "" })
    matches([[^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$]], { "X-Foo", "a`b" }, { "a b", "" })
  end)

  it("searches anywhere unless anchored", function()
    matches([[(^0|([0-9]*[.])?[0-9]+((K|M|G|T|E|P)i?)?B)$]], { "0", "512MB", "x1.5GiB" }, { "512M", "0x" })
  end)

  it("applies (?i) to the whole pattern", function()
    matches([[^(?i)(abort|warn)?$]], { "Abort", "WARN", "" }, { "x" })
  end)

  it("refuses what it does not support instead of guessing", function()
    assert.is_nil(regex.compile("(?=x)"))
    assert.is_nil(regex.compile([[(a)\1]]))
    assert.is_nil(regex.compile("[a-"))
    assert.is_nil(regex.compile("*a"))
  end)
end)
