return {
  transform = function(objects)
    objects[#objects + 1] = {
      apiVersion = "cert-manager.io/v1", kind = "Certificate",
      metadata = { name = "demo-tls" }, spec = { secretName = "demo-tls" },
    }
  end,
}
