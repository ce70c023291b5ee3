return { extends = { "nowhere" } }
