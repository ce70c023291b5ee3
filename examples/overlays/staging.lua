-- Staging: production's shape on a smaller scale, its own host.
---@type flagsmith.Overlay
return {
  extends = { "team.lua", "prod" },
  release = { name = "flagsmith", namespace = "flagsmith-staging" },
  values = {
    hpa = { api = { minReplicas = 1, maxReplicas = 3 }, frontend = { minReplicas = 1, maxReplicas = 2 } },
    pdb = { api = { enabled = false }, frontend = { enabled = false } },
  },
}
