return { patches = { { name = "demo-web", merge = {} } } }
