return { patches = { { kind = "Service", name = "demo-web", merge = { spec = { ports = { 1, x = 2 } } } } } }
