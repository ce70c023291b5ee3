return { values = { ingress = { hosts = { a = 1 } } } }
