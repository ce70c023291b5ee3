-- What every environment of the platform team shares: who owns the objects,
-- where the images come from, and the API's extra settings.
---@type flagsmith.Overlay
return {
  values = {
    common = {
      labels = { team = "platform", ["cost-center"] = "cc-1234" },
    },
    api = {
      extraEnv = { ENABLE_ADMIN_ACCESS_USER_PASS = "true", LOG_LEVEL = "INFO" },
    },
  },
}
