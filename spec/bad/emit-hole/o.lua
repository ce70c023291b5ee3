return { transform = function(objects) objects[1].spec.template.spec.containers[1].args = { [1] = "a", [3] = "c" } end }
