return { values = { image = { tag = "v\xff" } } }
