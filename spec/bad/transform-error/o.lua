return { transform = function(objects) objects[1].metadata.name = nil .. 'x' end }
