return { values = function(v) return 3 end }
