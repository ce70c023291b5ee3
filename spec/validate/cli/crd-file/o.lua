return {
  transform = function(objects)
    objects[#objects + 1] = {
      apiVersion = "example.com/v1", kind = "Widget",
      metadata = { name = "demo-widget" }, spec = { size = 0, color = "purple" },
    }
  end,
}
