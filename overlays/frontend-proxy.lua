-- One ingress, for the frontend; the frontend proxies API requests to the
-- API Service inside the cluster.  Simplest to set up; API calls take one
-- more hop.  The host comes from FLAGSMITH_HOST.
local host = fsgen.env("FLAGSMITH_HOST", "flagsmith.example.com")

return {
  description = "one ingress; the frontend proxies the API",
  values = {
    ingress = { frontend = { enabled = true, hosts = { host } } },
    frontend = {
      apiProxy = { enabled = true },
      extraEnv = { FLAGSMITH_API_URL = "https://" .. host .. "/api/v1/" },
    },
  },
}
