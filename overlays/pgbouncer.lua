-- PgBouncer between Flagsmith and its database: the application's
-- DATABASE_URL points at the PgBouncer Service, PgBouncer at the database.
return {
  description = "PgBouncer in front of the database",
  values = {
    pgbouncer = { enabled = true },
  },
}
