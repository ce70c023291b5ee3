return {
  patches = {
    { kind = "Service", name = "demo-web", merge = { spec = { sessionAfinity = "ClientIP" } } },
  },
}
