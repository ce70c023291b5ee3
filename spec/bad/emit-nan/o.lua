return { patches = { { kind = "Deployment", name = "demo-web", merge = { spec = { replicas = 0/0 } } } } }
