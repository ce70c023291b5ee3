-- The Django secret key: given in the values (api.secretKey, the docs
-- page's: a Secret fsgen writes), in an existing Secret (referenced only),
-- or generated once in the cluster.
local names = require "names"
local secret_ref = require "secret_ref"

local M = {}

local function spec(values, release)
  local api = values.api
  return {
    name = names.fullname(values, release) .. "-django-secret-key",
    key = "django-secret-key",
    existing = api.secretKeyFromExistingSecret,
    existing_path = "api.secretKeyFromExistingSecret",
    given = api.secretKey,
    given_path = "api.secretKey",
    component = "api",
    init_component = "django-secret-init",
    job_suffix = "django-secret-key",
  }
end

-- { name, key } of the Secret the API reads DJANGO_SECRET_KEY from.
function M.ref(values, release)
  return secret_ref.ref(spec(values, release))
end

-- The Secret fsgen writes (only for a given key), else nil.
function M.secret(values, release)
  return secret_ref.secret(values, release, spec(values, release))
end

function M.objects(values, release)
  return secret_ref.objects(values, release, spec(values, release))
end

return M
