return { extends = { "b" } }
