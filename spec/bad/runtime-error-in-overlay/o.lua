local t = nil
return { values = { web = { replicas = t.count } } }
