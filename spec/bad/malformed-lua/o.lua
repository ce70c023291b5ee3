return { values = { web = { replicas = 2 }
