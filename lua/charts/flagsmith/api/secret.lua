-- The Secret holding the application's DATABASE_URL (named like the
-- chart's).  Not written when the URL comes from an existing Secret: then no
-- plaintext URL appears anywhere in the output.
local database = require "database"
local names = require "names"
local secret_init = require "secret_init"

local M = {}

function M.object(values, release)
  local db = database.resolve(values, release)
  if db.app_url == nil then return nil end
  return fsgen.source(secret_init.secret(values, release, names.fullname(values, release), "api",
    { DATABASE_URL = db.app_url }))
end

return M
