return { patches = { { kind = "Service", name = "demo-web", merge = { spec = { weight = 0/0 } } } } }
