-- Production: the shipped production overlay plus the team's settings, and
-- the API pinned to dedicated nodes.
---@type flagsmith.Overlay
return {
  extends = { "team.lua", "prod" },
  release = { name = "flagsmith", namespace = "flagsmith" },
  values = {
    api = {
      nodeSelector = { ["node-pool"] = "flagsmith" },
      tolerations = { { key = "dedicated", operator = "Equal", value = "flagsmith", effect = "NoSchedule" } },
    },
  },
}
