-- Developers' cluster: minikube's ingress, the in-cluster database, one pod
-- of each.
---@type flagsmith.Overlay
return {
  extends = { "team.lua", "minikube" },
  release = { name = "flagsmith", namespace = "flagsmith-dev" },
  values = {
    api = { extraEnv = { LOG_LEVEL = "DEBUG" } },
  },
}
