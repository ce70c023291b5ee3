return { patches = { { kind = "Service", name = "demo-web", merge = {}, delete = true } } }
