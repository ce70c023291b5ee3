return { name = "c" }
