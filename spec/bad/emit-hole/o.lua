return { transform = function(objects) objects[1].spec.list = { [1] = 'a', [3] = 'c' } end }
