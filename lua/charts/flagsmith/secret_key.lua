-- The Django secret key: given in the values (a Secret fsgen writes), in an
-- existing Secret (referenced only), or generated once in the cluster.
local names = require "names"
local secret_init = require "secret_init"
local tables = require "tables"

local M = {}

local KEY = "django-secret-key"

local function set(v) return v ~= nil and v ~= "" end

local function mode(values)
  local api = values.api
  local existing = api.secretKeyFromExistingSecret.enabled
  if existing and set(api.secretKey) then
    error("api.secretKey: set together with api.secretKeyFromExistingSecret.enabled (use one of them)", 0)
  end
  if existing then return "existing" end
  if set(api.secretKey) then return "given" end
  return "generated"
end

local function own_secret_name(values, release)
  return names.fullname(values, release) .. "-django-secret-key"
end

-- { name, key } of the Secret the API reads DJANGO_SECRET_KEY from.
function M.ref(values, release)
  local from = values.api.secretKeyFromExistingSecret
  if mode(values) == "existing" then
    if not set(from.name) then
      error("api.secretKeyFromExistingSecret.name: required when api.secretKeyFromExistingSecret.enabled is true", 0)
    end
    return { name = from.name, key = set(from.key) and from.key or KEY }
  end
  return { name = own_secret_name(values, release), key = KEY }
end

-- The Secret fsgen writes (only for a given key), else nil.
function M.secret(values, release)
  if mode(values) ~= "given" then return nil end
  return secret_init.secret(values, release, own_secret_name(values, release), "api",
    { [KEY] = tables.scalar_text(values.api.secretKey) })
end

-- Every object of the secret key's handling.
function M.objects(values, release)
  local m = mode(values)
  if m == "given" then return { M.secret(values, release) } end
  if m == "existing" then return {} end
  return secret_init.objects(values, release, {
    secret = own_secret_name(values, release),
    keys = { KEY },
    component = "django-secret-init",
    job_suffix = "django-secret-key",
  })
end

return M
