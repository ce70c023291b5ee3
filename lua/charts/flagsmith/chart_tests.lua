-- The chart's tests (tests.*, _destructiveTests.*): Pods that check a
-- release.  render returns them apart from the release (`{ tests = ... }`),
-- so they are written where applying the release never runs them.
local frontend = require "frontend.deployment"
local labels = require "labels"
local names = require "names"
local pod = require "pod"
local tables = require "tables"

local M = {}

local CURL_IMAGE = "curlimages/curl"

local function metadata(values, release, suffix, component)
  return labels.metadata(values, release, names.fullname(values, release) .. "-" .. suffix, component)
end

-- A Pod that fetches url once and fails unless the answer is a success.
local function http_check(values, release, opts)
  local settings = opts.settings
  local args = { "--fail", "--silent", "--show-error", "--max-time", tables.scalar_text(settings.maxTime) }
  if not settings.printResponseBody then tables.append(args, "--output", "/dev/null") end
  tables.append(args, "--write-out", "%{url_effective}: HTTP %{http_code}, %{size_download} bytes in %{time_total}s\\n",
    opts.url)
  return fsgen.source {
    apiVersion = "v1",
    kind = "Pod",
    metadata = metadata(values, release, opts.suffix, opts.suffix),
    spec = {
      restartPolicy = "Never",
      containers = { { name = opts.container, image = CURL_IMAGE, command = { "curl" }, args = args } },
    },
  }
end

local function service_url(values, release, component, path)
  return ("http://%s:%s%s"):format(names.service(values, release, component),
    tables.scalar_text(values.service[component].port), path)
end

-- The end-to-end suite of the frontend's image against this release: it
-- creates and deletes data.
local E2E_SCRIPT = [[
set -e
for file in ./env/project_e2e.js ./common/project.js; do
  sed -i "s|http://flagsmith-api:8000[^'\"]*/|http://${FLAGSMITH_API}|" "$file"
done
npm run test
]]

local function e2e(values, release)
  local e2e_values, api_image = values._destructiveTests.e2e, values.api.image
  local tag = e2e_values.image.tag
  if tag == nil or tag == "" then tag = api_image.tag end
  return fsgen.source {
    apiVersion = "v1",
    kind = "Pod",
    metadata = metadata(values, release, "test-e2e", "test-e2e"),
    spec = {
      restartPolicy = "Never",
      imagePullSecrets = pod.pull_secrets(values, api_image.imagePullSecrets, "api.image.imagePullSecrets"),
      containers = {
        {
          name = "e2e",
          image = pod.image(e2e_values.image.repository, tag, pod.APP_VERSION, "_destructiveTests.e2e.image"),
          imagePullPolicy = pod.pull_policy(values, e2e_values.image.imagePullPolicy),
          command = { "bash", "-c", E2E_SCRIPT },
          env = frontend.environment(values, release),
          resources = tables.non_empty(tables.copy(e2e_values.resources)),
        },
      },
    },
  }
end

function M.objects(values, release)
  local out = {}
  local tests, destructive = values.tests, values._destructiveTests
  if tests.enabled and tests.api.enabled then
    out[#out + 1] = http_check(values, release, {
      suffix = "test-api-http-health", container = "api-health", settings = tests.api,
      url = service_url(values, release, "api", "/health"),
    })
  end
  if values.frontend.enabled and tests.enabled and tests.frontend.enabled then
    out[#out + 1] = http_check(values, release, {
      suffix = "test-frontend-http", container = "frontend", settings = tests.frontend,
      url = service_url(values, release, "frontend", "/"),
    })
  end
  if values.frontend.enabled and destructive.enabled and destructive.e2e.enabled then
    out[#out + 1] = e2e(values, release)
  end
  return out
end

return M
