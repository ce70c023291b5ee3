-- The token the API and the SSE service share: in an existing Secret
-- (referenced only) or generated once in the cluster.
local names = require "names"
local secret_ref = require "secret_ref"

local M = {}

local function spec(values, release)
  return {
    name = names.fullname(values, release) .. "-sse-authentication-token",
    key = "sse-authentication-token",
    existing = values.sse.authenticationTokenFromExistingSecret,
    existing_path = "sse.authenticationTokenFromExistingSecret",
    init_component = "sse-secret-init",
    job_suffix = "sse-authentication-token",
  }
end

-- { name, key } of the Secret both read the token from.
function M.ref(values, release)
  return secret_ref.ref(spec(values, release))
end

function M.objects(values, release)
  return secret_ref.objects(values, release, spec(values, release))
end

return M
