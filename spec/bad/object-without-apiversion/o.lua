return { transform = function(objects) objects[1].apiVersion = nil end }
