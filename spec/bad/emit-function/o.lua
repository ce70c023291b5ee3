return { patches = { { kind = "Deployment", name = "demo-web", merge = { spec = { template = { spec = { priorityClassName = function() end } } } } } } }
