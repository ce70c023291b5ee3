-- Database URLs: built with the user and password escaped, and taken apart
-- again for PgBouncer.
local M = {}

-- RFC 3986 unreserved characters stay; everything else is %XX.
function M.escape(s)
  return (s:gsub("[^%w%-%._~]", function(c) return ("%%%02X"):format(c:byte()) end))
end

function M.unescape(s)
  return (s:gsub("%%(%x%x)", function(hex) return string.char(tonumber(hex, 16)) end))
end

-- scheme://user:password@host:port/database with user and password escaped.
function M.build(parts)
  local auth = M.escape(parts.username)
  if parts.password ~= nil then auth = auth .. ":" .. M.escape(parts.password) end
  local hostport = parts.host
  if parts.port ~= nil then hostport = hostport .. ":" .. parts.port end
  return ("%s://%s@%s/%s"):format(parts.scheme, auth, hostport, parts.database)
end

-- The parts of a URL, or nil and a reason.  user and password are unescaped;
-- `rest` is what follows the path (query and fragment), kept verbatim.
function M.parse(text)
  local scheme, after = text:match("^([%a][%w+%-.]*)://(.*)$")
  if not scheme then return nil, "not a URL of the form scheme://user:password@host:port/database" end
  local authority, path_and_rest = after:match("^([^/?#]*)(.*)$")
  local userinfo, hostport = authority:match("^(.*)@([^@]*)$")
  if not userinfo then hostport = authority end
  local user, password
  if userinfo then
    local u, p = userinfo:match("^([^:]*):(.*)$")
    if u then user, password = u, p else user = userinfo end
  end
  local host, port = hostport:match("^%[(.+)%]:?(%d*)$")
  if not host then host, port = hostport:match("^([^:]*):?(%d*)$") end
  if not host then return nil, "has a malformed host:port" end
  local path, rest = path_and_rest:match("^([^?#]*)(.*)$")
  return {
    scheme = scheme,
    username = user and M.unescape(user),
    password = password and M.unescape(password),
    raw_userinfo = userinfo,
    host = host,
    port = port ~= "" and port or nil,
    database = M.unescape((path:gsub("^/+", ""):gsub("/+$", ""))),
    rest = rest,
  }
end

-- The same URL pointing at another host (port dropped: the new host's
-- default applies), user information and path kept as written.
function M.with_host(text, new_host)
  local parsed, why = M.parse(text)
  if not parsed then return nil, why end
  local scheme, after = text:match("^([^:]+)://(.*)$")
  local authority, tail = after:match("^([^/?#]*)(.*)$")
  local userinfo = authority:match("^(.*)@[^@]*$")
  local prefix = userinfo and (userinfo .. "@") or ""
  return scheme .. "://" .. prefix .. new_host .. tail
end

return M
