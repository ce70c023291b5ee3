-- The chart's tests: rendered only when enabled, and never among the
-- release's objects, so applying the release never runs a test pod.
local cli = require "support.cli"
local h = require "flagsmith.helper"

local function names_of(list)
  local out = {}
  for _, o in ipairs(list) do out[#out + 1] = o.kind .. "/" .. o.metadata.name end
  table.sort(out)
  return out
end

describe("flagsmith chart tests", function()
  it("are off by default", function()
    local _, tests = h.render {}
    assert.same({}, tests)
  end)

  for _, release in ipairs(h.RELEASES) do
    it("check the API's health and the frontend over their Services for " .. release.name:sub(1, 12), function()
      local objects, tests = h.render { release = release, values = { tests = { enabled = true } } }
      assert.same({}, h.all(objects, "Pod"), "no test among the release's objects")
      assert.equal(2, #tests)
      for _, pod in ipairs(tests) do
        assert.equal("Pod", pod.kind)
        assert.equal(release.namespace, pod.metadata.namespace)
        assert.equal("Never", pod.spec.restartPolicy)
        local c = pod.spec.containers[1]
        assert.same({ "curl" }, c.command)
        local url = c.args[#c.args]
        local host, port, path = url:match("^http://([^:/]+):(%d+)(/.*)$")
        local svc = h.find(objects, "Service", host)
        assert.is_not_nil(svc, "the test reaches a rendered Service: " .. url)
        assert.equal(svc.spec.ports[1].port, tonumber(port))
        local component = svc.spec.selector["app.kubernetes.io/component"]
        assert.equal(component == "api" and "/health" or "/", path)
        assert.truthy(pod.metadata.name:find("%-test%-"), pod.metadata.name)
        assert.is_nil(pod.metadata.annotations, "no Helm hook annotation")
      end
    end)
  end

  it("are named like the chart's and follow their settings", function()
    local _, tests = h.render { values = { tests = { enabled = true,
      api = { maxTime = 30, printResponseBody = true }, frontend = { enabled = false } } } }
    assert.same({ "Pod/flagsmith-test-api-http-health" }, names_of(tests))
    local args = tests[1].spec.containers[1].args
    local joined = table.concat(args, " ")
    assert.truthy(joined:find("--fail", 1, true))
    assert.truthy(joined:find("--max-time 30", 1, true))
    assert.is_falsy(joined:find("--output /dev/null", 1, true), "the body is printed")
    assert.equal("http://flagsmith-api:8000/health", args[#args])
    _, tests = h.render { values = { tests = { enabled = true, api = { enabled = false } } } }
    assert.same({ "Pod/flagsmith-test-frontend-http" }, names_of(tests))
    assert.truthy(table.concat(tests[1].spec.containers[1].args, " "):find("--output /dev/null", 1, true))
    _, tests = h.render { values = { tests = { enabled = true }, frontend = { enabled = false } } }
    assert.same({ "Pod/flagsmith-test-api-http-health" }, names_of(tests), "no frontend, no frontend test")
  end)

  describe("the destructive e2e test", function()
    it("runs the e2e image against this release with the frontend's environment", function()
      local objects, tests = h.render { release = { name = "prod", namespace = "flags" }, values = {
        _destructiveTests = { enabled = true },
        api = { image = { tag = "2.300.0", imagePullSecrets = { { name = "registry" } } } },
      } }
      assert.same({ "Pod/prod-flagsmith-test-e2e" }, names_of(tests))
      local pod = tests[1]
      local c = pod.spec.containers[1]
      assert.equal("flagsmith/flagsmith-e2e-tests:2.300.0", c.image, "the API's tag by default")
      assert.equal("IfNotPresent", c.imagePullPolicy)
      assert.same({ requests = { memory = "1Gi" } }, c.resources)
      assert.same({ { name = "registry" } }, pod.spec.imagePullSecrets)
      assert.equal("bash", c.command[1])
      local env = h.env(c)
      local fe_env = h.env(h.container(h.find(objects, "Deployment", "prod-flagsmith")))
      for name, entry in pairs(fe_env) do assert.same(entry, env[name], name) end
      assert.equal("prod-flagsmith-api.flags:8000/api/v1/", env.FLAGSMITH_API.value)
      assert.equal("test-e2e-token", env.E2E_TEST_TOKEN.value)
      local api_env = h.env(h.container(h.find(objects, "Deployment", "prod-flagsmith-api")))
      assert.equal("test-e2e-token", api_env.E2E_TEST_AUTH_TOKEN.value)
    end)

    it("takes its own image tag and can be switched off alone", function()
      local _, tests = h.render { values = { _destructiveTests = { enabled = true, e2e = { image = { tag = "v5" } } } } }
      assert.equal("flagsmith/flagsmith-e2e-tests:v5", tests[1].spec.containers[1].image)
      _, tests = h.render { values = { _destructiveTests = { enabled = true, e2e = { enabled = false } } } }
      assert.same({}, tests)
    end)
  end)

  describe("written by fsgen", function()
    local values_file

    setup(function()
      values_file = os.tmpname()
      local f = assert(io.open(values_file, "w"))
      f:write("tests:\n  enabled: true\n")
      f:close()
    end)

    teardown(function() os.remove(values_file) end)

    it("are left out of the release's stream, and are the whole stream of --tests", function()
      local release = cli.run({ "-f", values_file }, { cwd = cli.src(".") })
      assert.equal(0, release.code, release.stderr)
      assert.is_falsy(release.stdout:find("kind: Pod", 1, true))
      local tests = cli.run({ "-f", values_file, "--tests" }, { cwd = cli.src(".") })
      assert.equal(0, tests.code, tests.stderr)
      local _, pods = tests.stdout:gsub("\nkind: Pod\n", "")
      assert.equal(2, pods)
      assert.is_falsy(tests.stdout:find("kind: Deployment", 1, true))
    end)

    it("go to DIR/tests/, which kubectl apply -f DIR and the kustomization leave out", function()
      local dir = cli.tmpdir()
      local r = cli.run({ "-f", values_file, "-o", dir .. "/out" }, { cwd = cli.src(".") })
      assert.equal(0, r.code, r.stderr)
      local top = io.popen("ls " .. cli.quote(dir .. "/out")):read("a")
      assert.is_falsy(top:find("pod%-"), top)
      local kustomization = cli.read(dir .. "/out/kustomization.yaml")
      assert.is_falsy(kustomization:find("pod-", 1, true))
      assert.is_not_nil(cli.read(dir .. "/out/tests/pod-flagsmith-test-api-http-health.yaml"))
      assert.is_not_nil(cli.read(dir .. "/out/tests/pod-flagsmith-test-frontend-http.yaml"))
      cli.rmtree(dir)
    end)
  end)

  it("pass k8s-validate", function()
    if not h.validator_available() then return pending("k8s-validate not found beside the project") end
    local _, tests = h.render { values = { tests = { enabled = true }, _destructiveTests = { enabled = true } } }
    assert.equal(3, #tests)
    local ok, output = h.validate(tests)
    assert.is_true(ok, output)
  end)
end)
