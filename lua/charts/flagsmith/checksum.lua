-- Checksum annotations: a digest of fsgen's canonical text of an object, so a
-- change of what a pod reads (a password, a URL) rolls the pods.
local M = {}

function M.of(obj)
  return fsgen.sha256(fsgen.emit(obj))
end

return M
