-- An ingress for the frontend and one for the API, on one host: the browser
-- calls the API directly, so the frontend's proxy is switched off and
-- FLAGSMITH_API_URL points at the API's public URL.  Everything follows from
-- one setting, the host (FLAGSMITH_HOST).
local host = fsgen.env("FLAGSMITH_HOST", "flagsmith.example.com")

return {
  description = "separate frontend and API ingresses on one host",
  values = {
    ingress = {
      frontend = { enabled = true, hosts = { host } },
      api = {
        enabled = true,
        hosts = { { host = host, paths = { "/api/", "/health/", "/admin/", "/static/admin/" } } },
      },
    },
    frontend = {
      apiProxy = { enabled = false },
      extraEnv = { FLAGSMITH_API_URL = "https://" .. host .. "/api/v1/" },
    },
  },
}
