-- An external PostgreSQL server whose URL is kept in an existing Secret
-- (created outside fsgen, e.g. by an operator or a secrets manager):
--
--   kubectl create secret generic flagsmith-database \
--     --from-literal=DATABASE_URL='postgres://user:password@host:5432/flagsmith'
--
-- No database URL or password appears in fsgen's output.
return {
  description = "external PostgreSQL, URL from an existing Secret",
  values = {
    devPostgresql = { enabled = false },
    databaseExternal = {
      enabled = true,
      urlFromExistingSecret = { enabled = true, name = "flagsmith-database", key = "DATABASE_URL" },
    },
  },
}
