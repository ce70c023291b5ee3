-- Counterparts of the official chart's own test values (charts/flagsmith/
-- ci/*.yaml and openshift-values.yaml), under fixtures/: each renders with
-- `fsgen -f` into output that k8s-validate accepts, and makes the objects
-- and fields it is there for.
local cli = require "support.cli"
local h = require "flagsmith.helper"

local FIXTURES = "spec/flagsmith/fixtures/"
local VALIDATOR = cli.src("../shared/tools/k8s-validate/k8s-validate")

-- Runs the validator on YAML text; returns ok, output.
local function validate(text, strict)
  local file = os.tmpname()
  local f = assert(io.open(file, "w"))
  f:write(text)
  f:close()
  local p = io.popen(("python3 %s %s %s 2>&1; echo \"exit=$?\""):format(cli.quote(VALIDATOR),
    strict and "--fail-on-skipped" or "", cli.quote(file)))
  local out = p:read("a")
  p:close()
  os.remove(file)
  return out:find("exit=0\n", 1, true) ~= nil, out
end

local function render(name)
  return h.render { values_files = { FIXTURES .. name } }
end

local function by_component(objects, kind, component)
  for _, o in ipairs(h.all(objects, kind)) do
    if (o.metadata.labels or {})["app.kubernetes.io/component"] == component then return o end
  end
end

-- Every fixture: the chart's file it stands for, and whether every kind in
-- its output has a schema (OpenShift's Route has none in ../shared).
local CASES = {
  { file = "ci-tests.yaml", strict = true },
  { file = "ci-e2e.yaml", strict = true },
  { file = "ci-gateway.yaml", strict = true },
  { file = "ci-migratedb-job.yaml", strict = true },
  { file = "openshift.yaml", strict = false },
}

describe("the chart's test values", function()
  for _, case in ipairs(CASES) do
    it(case.file .. " renders with fsgen -f into valid output, tests included", function()
      local release = cli.run({ "-f", FIXTURES .. case.file }, { cwd = cli.src(".") })
      assert.equal(0, release.code, release.stderr)
      local tests = cli.run({ "-f", FIXTURES .. case.file, "--tests" }, { cwd = cli.src(".") })
      assert.equal(0, tests.code, tests.stderr)
      if not cli.read(VALIDATOR) then return pending("k8s-validate not found beside the project") end
      local ok, out = validate(release.stdout, case.strict)
      assert.is_true(ok, out)
      if tests.stdout ~= "" then
        ok, out = validate(tests.stdout, true)
        assert.is_true(ok, out)
      end
    end)
  end

  it("ci-tests: the default release and both HTTP checks", function()
    local objects, tests = render "ci-tests.yaml"
    assert.same(h.inventory(h.render {}), h.inventory(objects))
    assert.same({ "Pod/flagsmith-test-api-http-health", "Pod/flagsmith-test-frontend-http" }, h.inventory(tests))
    local args = h.find(tests, "Pod", "flagsmith-test-api-http-health").spec.containers[1].args
    assert.equal("15", args[5])
    assert.equal("http://flagsmith-api:8000/health", args[#args])
  end)

  it("ci-e2e: public images, test tokens in the API and frontend, and the e2e suite", function()
    local objects, tests = render "ci-e2e.yaml"
    local api = h.container(h.find(objects, "Deployment", "flagsmith-api"))
    assert.equal("flagsmith/flagsmith-api:2.227.0", api.image)
    local api_env = h.env(api)
    assert.equal("django.core.mail.backends.console.EmailBackend", api_env.EMAIL_BACKEND.value)
    assert.equal("e2e-user@example.com", api_env.FE_E2E_TEST_USER_EMAIL.value)
    assert.equal("test-e2e-token", api_env.E2E_TEST_AUTH_TOKEN.value)
    local fe = h.container(h.find(objects, "Deployment", "flagsmith"))
    assert.equal("flagsmith/flagsmith-frontend:2.227.0", fe.image)
    local fe_env = h.env(fe)
    assert.equal("test-e2e-token", fe_env.E2E_TEST_TOKEN_E2E.value)
    assert.equal("flagsmith-api.default:8000/api/v1/", fe_env.FLAGSMITH_API.value)
    assert.equal("not-a-real-token", fe_env.SLACK_TOKEN.value)
    assert.same({ "Pod/flagsmith-test-e2e" }, h.inventory(tests))
    local e2e = tests[1].spec.containers[1]
    assert.equal("flagsmith/flagsmith-e2e-tests:2.227.0", e2e.image)
    assert.same(fe.env, e2e.env)
  end)

  it("ci-gateway: two HTTPRoutes on one Gateway, and the HTTP checks", function()
    local objects, tests = render "ci-gateway.yaml"
    local fe = h.find(objects, "HTTPRoute", "flagsmith-frontend")
    local api = h.find(objects, "HTTPRoute", "flagsmith-api")
    assert.same({ { name = "ci-gateway" } }, fe.spec.parentRefs)
    assert.same({ { name = "ci-gateway" } }, api.spec.parentRefs)
    assert.same({ { path = { type = "PathPrefix", value = "/" } } }, fe.spec.rules[1].matches)
    assert.same({ { name = "flagsmith-frontend", port = 8080 } }, fe.spec.rules[1].backendRefs)
    assert.equal(4, #api.spec.rules[1].matches)
    assert.same({ { name = "flagsmith-api", port = 8000 } }, api.spec.rules[1].backendRefs)
    assert.is_nil(h.find(objects, "HTTPRoute", "flagsmith-sse"))
    assert.equal(2, #tests)
  end)

  it("ci-migratedb-job: migrations by the Job, none in the API's pods", function()
    local objects = render "ci-migratedb-job.yaml"
    local api = h.find(objects, "Deployment", "flagsmith-api")
    assert.is_nil(api.spec.template.spec.initContainers)
    local job = by_component(objects, "Job", "job-migrate-db")
    assert.matches("^flagsmith%-migrate%-db%-%x+$", job.metadata.name)
    assert.same({ "migrate" }, h.container(job).args)
    assert.same(h.container(api).env, h.container(job).env)
  end)

  it("openshift: Routes for the API and frontend, PostgreSQL without a fixed user", function()
    local objects = render "openshift.yaml"
    assert.same({ "Route/flagsmith-api", "Route/flagsmith-frontend" }, h.inventory(h.all(objects, "Route")))
    local pg = h.find(objects, "StatefulSet", "flagsmith-dev-postgresql")
    assert.is_nil(pg.spec.template.spec.securityContext)
    assert.is_nil(h.container(pg).securityContext)
    local default_pg = h.find(h.render {}, "StatefulSet", "flagsmith-dev-postgresql")
    assert.same({ fsGroup = 1001 }, default_pg.spec.template.spec.securityContext)
    assert.same({ runAsUser = 1001 }, h.container(default_pg).securityContext)
  end)
end)
