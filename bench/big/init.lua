-- A synthetic chart for benchmarks: `count` Deployments with Services and
-- ConfigMaps, each with many env entries and labels, to reach a chosen size.
local function deployment(i, values, release)
  local env = {}
  for j = 1, values.envPerContainer do
    env[j] = { name = ("VAR_%03d"):format(j), value = ("value %d of %d: yes/no, \"quoted\" #%d"):format(j, i, j) }
  end
  local name = ("%s-app-%04d"):format(release.name, i)
  local labels = { ["app.kubernetes.io/name"] = name, ["app.kubernetes.io/instance"] = release.name,
                   tier = i % 2 == 0 and "web" or "worker" }
  return {
    apiVersion = "apps/v1", kind = "Deployment",
    metadata = { name = name, namespace = release.namespace, labels = labels },
    spec = {
      replicas = values.replicas,
      selector = { matchLabels = labels },
      template = {
        metadata = { labels = labels, annotations = { ["checksum/config"] = fsgen.sha256(name) } },
        spec = { containers = { {
          name = "app", image = values.image .. ":" .. i, env = env,
          ports = { { name = "http", containerPort = 8000 + i % 100 } },
          resources = { requests = { cpu = "100m", memory = "128Mi" }, limits = { memory = "256Mi" } },
          readinessProbe = { httpGet = { path = "/health", port = "http" }, periodSeconds = 10 },
        } } },
      },
    },
  }
end

return {
  name = "big",
  defaults = { count = 20, envPerContainer = 10, replicas = 1, image = "registry.example.com/app" },
  render = function(values, release)
    local objects = {}
    for i = 1, values.count do
      local d = deployment(i, values, release)
      objects[#objects + 1] = d
      objects[#objects + 1] = {
        apiVersion = "v1", kind = "Service",
        metadata = { name = d.metadata.name, namespace = release.namespace },
        spec = { selector = d.spec.selector.matchLabels, ports = { { name = "http", port = 80, targetPort = "http" } } },
      }
    end
    return objects
  end,
}
