-- Object names, labels and selectors as the Helm chart makes them.
local h = require "flagsmith.helper"

local function names_of(objects, kind)
  local out = {}
  for _, o in ipairs(h.all(objects, kind)) do out[#out + 1] = o.metadata.name end
  table.sort(out)
  return out
end

describe("flagsmith chart names", function()
  it("uses the release name alone when it contains 'flagsmith'", function()
    local objects = h.render { release = { name = "flagsmith" } }
    assert.same({ "flagsmith", "flagsmith-api" }, names_of(objects, "Deployment"))
    assert.same({ "flagsmith-api", "flagsmith-dev-postgresql", "flagsmith-dev-postgresql-hl", "flagsmith-frontend" },
      names_of(objects, "Service"))
    assert.same({ "flagsmith-dev-postgresql" }, names_of(objects, "StatefulSet"))
    local objects2 = h.render { release = { name = "my-flagsmith-eu" } }
    assert.same({ "my-flagsmith-eu", "my-flagsmith-eu-api" }, names_of(objects2, "Deployment"))
  end)

  it("prefixes the chart name with a release name without 'flagsmith'", function()
    local objects = h.render { release = { name = "prod", namespace = "flags" } }
    assert.same({ "prod-flagsmith", "prod-flagsmith-api" }, names_of(objects, "Deployment"))
    assert.same({ "prod-flagsmith", "prod-flagsmith-django-secret-key" }, {
      h.find(objects, "Secret", "prod-flagsmith").metadata.name,
      h.find(objects, "ServiceAccount", "prod-flagsmith-django-secret-key").metadata.name,
    })
    -- The Bitnami dependency's names: <release>-dev-postgresql.
    assert.same({ "prod-dev-postgresql" }, names_of(objects, "StatefulSet"))
    for _, o in ipairs(objects) do assert.equal("flags", o.metadata.namespace) end
  end)

  it("honours nameOverride and fullnameOverride", function()
    local objects = h.render { values = { nameOverride = "fs" }, release = { name = "prod" } }
    local api = h.find(objects, "Deployment", "prod-fs-api")
    assert.is_not_nil(api)
    assert.equal("fs", api.spec.selector.matchLabels["app.kubernetes.io/name"])
    -- A release name containing the override is used alone.
    objects = h.render { values = { nameOverride = "fs" }, release = { name = "team-fs" } }
    assert.is_not_nil(h.find(objects, "Deployment", "team-fs-api"))

    objects = h.render { values = { fullnameOverride = "custom-name-" }, release = { name = "prod" } }
    assert.is_not_nil(h.find(objects, "Deployment", "custom-name-api"), "trailing '-' trimmed")
    assert.is_not_nil(h.find(objects, "Service", "custom-name-frontend"))
  end)

  it("truncates like Helm at 63 characters and trims one trailing '-'", function()
    local override = ("x"):rep(62) .. "-y"
    local objects = h.render { values = { fullnameOverride = override } }
    -- 63 bytes are "xxx...x-": the "-" goes.
    assert.is_not_nil(h.find(objects, "Deployment", ("x"):rep(62)))
    local release = ("r"):rep(37) -- Helm accepts up to 53
    objects = h.render { release = { name = release } }
    assert.is_not_nil(h.find(objects, "Deployment", release .. "-flagsmith"))
    -- <release>-dev-postgresql is 52 characters: kept, PVC data-<name>-0 too.
    assert.is_not_nil(h.find(objects, "StatefulSet", release .. "-dev-postgresql"))
    -- 53 characters would leave no room for the pods' revision label: shortened.
    release = ("r"):rep(38)
    local sts = h.all(h.render { release = { name = release } }, "StatefulSet")[1]
    assert.is_true(#sts.metadata.name <= 52)
    assert.equal(release, sts.metadata.name:sub(1, 38))
  end)

  it("keeps every name and label valid for a 70-character release name", function()
    assert.equal(70, #h.LONG_NAME)
    local objects = h.render { release = { name = h.LONG_NAME } }
    local seen = {}
    for _, o in ipairs(objects) do
      local key = o.kind .. "/" .. o.metadata.name
      assert.is_nil(seen[key], "duplicate " .. key)
      seen[key] = true
      assert.is_true(#o.metadata.labels["app.kubernetes.io/instance"] <= 63)
      if o.kind == "Service" or o.kind == "Job" then assert.is_true(#o.metadata.name <= 63, key) end
      if o.kind == "StatefulSet" then assert.is_true(#o.metadata.name <= 52, key) end
    end
    -- The frontend proxies to the API Service under its real name.
    local api_service = h.all(objects, "Service")
    local api_name
    for _, s in ipairs(api_service) do
      if s.spec.selector["app.kubernetes.io/component"] == "api" then api_name = s.metadata.name end
    end
    local frontend = h.all(objects, "Deployment")
    for _, d in ipairs(frontend) do
      if d.spec.selector.matchLabels["app.kubernetes.io/component"] == "frontend" then
        local env = h.env(h.container(d))
        assert.equal("http://" .. api_name .. ".default:8000", env.PROXY_API_URL.value)
      end
    end
  end)

  it("selects pods with exactly the chart's selector labels", function()
    for _, release in ipairs(h.RELEASES) do
      local objects = h.render { release = release }
      for _, d in ipairs(h.all(objects, "Deployment")) do
        local sel = d.spec.selector.matchLabels
        local keys = {}
        for k in pairs(sel) do keys[#keys + 1] = k end
        table.sort(keys)
        assert.same({ "app.kubernetes.io/component", "app.kubernetes.io/instance", "app.kubernetes.io/name" }, keys)
        assert.equal("flagsmith", sel["app.kubernetes.io/name"])
        for k, v in pairs(sel) do assert.equal(v, d.spec.template.metadata.labels[k]) end
      end
      local sts = h.all(objects, "StatefulSet")[1]
      assert.same({
        ["app.kubernetes.io/name"] = "dev-postgresql",
        ["app.kubernetes.io/instance"] = sts.spec.selector.matchLabels["app.kubernetes.io/instance"],
        ["app.kubernetes.io/component"] = "primary",
      }, sts.spec.selector.matchLabels)
    end
    local objects = h.render { release = { name = "prod" } }
    assert.same({
      ["app.kubernetes.io/name"] = "flagsmith",
      ["app.kubernetes.io/instance"] = "prod",
      ["app.kubernetes.io/component"] = "api",
    }, h.find(objects, "Deployment", "prod-flagsmith-api").spec.selector.matchLabels)
  end)

  it("labels objects as fsgen-managed, with the chart's labels, and lets no label replace a selector label", function()
    local objects = h.render {
      release = { name = "prod" },
      values = {
        common = { labels = { team = "flags", ["app.kubernetes.io/name"] = "hijack" }, annotations = { owner = "me" } },
        api = { podLabels = { tier = "backend", ["app.kubernetes.io/component"] = "x" } },
      },
    }
    local api = h.find(objects, "Deployment", "prod-flagsmith-api")
    assert.same({
      ["helm.sh/chart"] = "flagsmith-0.81.0",
      ["app.kubernetes.io/name"] = "flagsmith",
      ["app.kubernetes.io/instance"] = "prod",
      ["app.kubernetes.io/version"] = "2.227.0",
      ["app.kubernetes.io/managed-by"] = "fsgen",
      ["app.kubernetes.io/component"] = "api",
      team = "flags",
    }, api.metadata.labels)
    assert.same({ owner = "me" }, api.metadata.annotations)
    local pod_labels = api.spec.template.metadata.labels
    assert.equal("api", pod_labels["app.kubernetes.io/component"])
    assert.equal("flagsmith", pod_labels["app.kubernetes.io/name"])
    assert.equal("backend", pod_labels.tier)
    assert.equal("flags", pod_labels.team)
  end)
end)
