return { extends = { "a.lua" } }
