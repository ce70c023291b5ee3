return { values = { web = { replicas = replica_count } } }
