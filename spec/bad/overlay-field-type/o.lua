return { extends = "base" }
