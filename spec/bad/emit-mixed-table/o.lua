return { transform = function(objects) objects[1].spec.template.spec.containers[1].args = { "a", x = "b" } end }
