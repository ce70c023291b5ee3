-- A production shape: the database URL and the Django secret key from
-- existing Secrets, the frontend and API behind separate ingresses with TLS,
-- sized resources, at least two replicas of each (scaled by CPU), and
-- disruption budgets that keep one of each running during node drains.
--
-- Create the Secrets first:
--   kubectl -n flagsmith create secret generic flagsmith-database --from-literal=DATABASE_URL=...
--   kubectl -n flagsmith create secret generic flagsmith-django --from-literal=django-secret-key=...
-- and a TLS certificate in the Secret flagsmith-tls (e.g. by cert-manager).
return {
  description = "production: external DB and secrets, TLS ingresses, HPA, PDB",
  extends = { "external-db-secret", "separate-ingresses" },
  release = { name = "flagsmith", namespace = "flagsmith" },
  values = function(current)
    -- The host separate-ingresses chose.
    local host = current.ingress.frontend.hosts[1]
    local tls = { { hosts = { host }, secretName = "flagsmith-tls" } }
    return {
      api = {
        secretKeyFromExistingSecret = { enabled = true, name = "flagsmith-django", key = "django-secret-key" },
        resourcesPreset = "medium",
      },
      frontend = { resourcesPreset = "small" },
      ingress = { frontend = { tls = tls }, api = { tls = tls } },
      hpa = {
        api = { enabled = true, minReplicas = 2, maxReplicas = 10 },
        frontend = { enabled = true, minReplicas = 2, maxReplicas = 4 },
      },
      pdb = {
        api = { enabled = true, minAvailable = 1 },
        frontend = { enabled = true, minAvailable = 1 },
      },
    }
  end,
}
