-- Problems in several objects: all are reported in one run.
return {
  values = { web = { replicas = -1 } },
  patches = {
    { kind = "Service", name = "demo-worker", merge = { spec = { type = "Internal" } } },
  },
  transform = function(objects)
    for _, obj in ipairs(objects) do
      if obj.kind == "Deployment" and obj.metadata.name == "demo-worker" then
        obj.spec.template.metadata.labels = { ["app.kubernetes.io/name"] = "other" }
      end
    end
  end,
}
