return { patches = { { kind = "Deployment", name = "demo-web", merg = {} } } }
