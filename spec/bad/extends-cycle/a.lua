return { extends = { "b.lua" } }
