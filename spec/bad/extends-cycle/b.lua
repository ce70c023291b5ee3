return { extends = { "a" } }
