-- Where the application's database is: the in-cluster PostgreSQL, an
-- external server (a URL, its parts, or a URL in an existing Secret), and
-- whether PgBouncer sits in between.  Every module asks this one.
local names = require "names"
local tables = require "tables"
local url = require "url"

local M = {}

local function set(v) return v ~= nil and v ~= "" end

local function required(v, key, hint)
  if not set(v) then
    error(("%s: required%s"):format(key, hint and (" (" .. hint .. ")") or ""), 0)
  end
  return v
end

-- The in-cluster PostgreSQL is on unless switched off by either spelling
-- (postgresql.enabled wins when set, as Helm's dependency condition reads
-- it first) or an external database is used.
function M.in_cluster(values)
  if values.databaseExternal.enabled then return false end
  local docs = values.postgresql.enabled
  if docs ~= nil then return docs == true end
  return values.devPostgresql.enabled == true
end

-- The in-cluster server's settings, docs-page keys over the chart's.
function M.postgres(values, release)
  local pg, docs = values.devPostgresql, values.postgresql
  local database = docs.postgresqlDatabase
  if not set(database) then database = pg.auth.database end
  required(database, "devPostgresql.auth.database")
  local username = docs.postgresqlUsername
  if not set(username) then username = set(pg.auth.username) and pg.auth.username or "postgres" end
  local custom_user = username ~= "postgres"
  local admin_password = pg.auth.postgresPassword
  local user_password
  if custom_user then
    user_password = set(docs.postgresqlPassword) and docs.postgresqlPassword or pg.auth.password
    required(user_password, "devPostgresql.auth.password",
      ("the password of database user '%s'; or set postgresql.postgresqlPassword"):format(username))
  else
    if set(docs.postgresqlPassword) then admin_password = docs.postgresqlPassword end
    user_password = admin_password
  end
  required(admin_password, "devPostgresql.auth.postgresPassword", "the in-cluster server's superuser password")
  local create_sa = docs.serviceAccount.enabled
  if create_sa == nil then create_sa = pg.serviceAccount.create end
  local fullname = names.postgres_fullname(values, release)
  return {
    fullname = fullname,
    name = names.postgres_name(values),
    host = names.service_host(fullname, names.namespace(values, release)),
    port = 5432,
    database = tables.scalar_text(database),
    username = tables.scalar_text(username),
    custom_user = custom_user,
    admin_password = tables.scalar_text(admin_password),
    user_password = tables.scalar_text(user_password),
    create_service_account = create_sa == true,
  }
end

function M.pgbouncer_service(values, release)
  return names.service(values, release, "pgbouncer")
end

-- { mode, url (the server's, when fsgen knows it), app_url (what the
-- application uses), secret = { name, key } (the Secret DATABASE_URL comes
-- from), postgres (in-cluster settings) }.
function M.resolve(values, release)
  local ext = values.databaseExternal
  local pgbouncer = values.pgbouncer.enabled
  local result = {}
  if ext.enabled then
    local from_secret = ext.urlFromExistingSecret
    if from_secret.enabled then
      result.mode = "external-secret"
      result.secret = {
        name = required(from_secret.name, "databaseExternal.urlFromExistingSecret.name"),
        key = required(from_secret.key, "databaseExternal.urlFromExistingSecret.key"),
      }
    elseif set(ext.url) then
      result.mode = "external-url"
      result.url = ext.url
      local ok, why = url.parse(ext.url)
      if not ok then error(("databaseExternal.url: %s"):format(why), 0) end
    else
      local hint = "or set databaseExternal.url"
      result.mode = "external-parts"
      result.url = url.build {
        scheme = required(ext.type, "databaseExternal.type", hint),
        username = tables.scalar_text(required(ext.username, "databaseExternal.username", hint)),
        password = tables.scalar_text(required(ext.password, "databaseExternal.password", hint)),
        host = required(ext.host, "databaseExternal.host", hint),
        port = tables.scalar_text(required(ext.port, "databaseExternal.port", hint)),
        database = tables.scalar_text(required(ext.database, "databaseExternal.database", hint)),
      }
    end
  elseif M.in_cluster(values) then
    local pg = M.postgres(values, release)
    result.mode = "in-cluster"
    result.postgres = pg
    result.url = url.build {
      scheme = "postgres", username = pg.username, password = pg.user_password,
      host = pg.host, port = tostring(pg.port), database = pg.database,
    }
  else
    error("databaseExternal.enabled: no database is configured (enable databaseExternal, "
      .. "or leave devPostgresql.enabled / postgresql.enabled on for the in-cluster one)", 0)
  end
  if result.url then
    result.app_url = result.url
    if pgbouncer then
      local host = names.service_host(M.pgbouncer_service(values, release), names.namespace(values, release))
      result.app_url = assert(url.with_host(result.url, host))
    end
    result.secret = { name = names.fullname(values, release), key = "DATABASE_URL" }
  end
  return result
end

return M
