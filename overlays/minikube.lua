-- Flagsmith on minikube with the ingress addon, as the Flagsmith Kubernetes
-- docs page sets it up: the frontend and the API behind two ingresses on
-- http://flagsmith.local.
--
--   minikube addons enable ingress
--   fsgen overlays/minikube.lua | kubectl apply -f -
--   echo "$(minikube ip) flagsmith.local" | sudo tee -a /etc/hosts
--   open http://flagsmith.local
local host = "flagsmith.local"

return {
  description = "minikube: frontend and API ingresses on http://flagsmith.local",
  release = { name = "flagsmith", namespace = "flagsmith" },
  values = {
    ingress = {
      frontend = {
        enabled = true,
        ingressClassName = "nginx", -- the class of minikube's ingress addon
        hosts = { { host = host, paths = { "/" } } },
      },
      api = {
        enabled = true,
        ingressClassName = "nginx",
        hosts = { { host = host, paths = { "/api/", "/health/", "/admin/", "/static/admin/" } } },
      },
    },
    -- What the browser calls: plain http on minikube.
    frontend = { extraEnv = { FLAGSMITH_API_URL = "http://" .. host .. "/api/v1/" } },
  },
}
