-- An external PostgreSQL server, given by its parts; the in-cluster
-- database is not deployed.  fsgen builds the URL with the user and password
-- escaped.  Host and password come from FLAGSMITH_DB_HOST and
-- FLAGSMITH_DB_PASSWORD; for production keep the URL in a Secret instead
-- (external-db-secret.lua).
return {
  description = "external PostgreSQL from host, port, database, user and password",
  values = {
    devPostgresql = { enabled = false },
    databaseExternal = {
      enabled = true,
      type = "postgres",
      host = fsgen.env("FLAGSMITH_DB_HOST", "postgres.example.com"),
      port = 5432,
      database = "flagsmith",
      username = "flagsmith",
      password = fsgen.env("FLAGSMITH_DB_PASSWORD", "change-me"),
    },
  },
}
