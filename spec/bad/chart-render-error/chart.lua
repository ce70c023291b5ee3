return { name = "c", defaults = { size = 1 }, render = function(v) error("size: must be at most 10 (got a larger number)", 0) end }
