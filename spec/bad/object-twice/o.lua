return { transform = function(objects) objects[#objects + 1] = fsgen.deepcopy(objects[1]) end }
