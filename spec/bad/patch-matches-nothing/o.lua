return {
  patches = {
    { kind = "Deployment", name = "demo-webb", merge = { spec = { replicas = 1 } } },
  },
}
