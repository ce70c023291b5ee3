-- Runs one fuzz check on saved inputs without libFuzzer, to see a finding
-- with a plain interpreter:
--   LUA_PATH="lua/?.lua;lua/?/init.lua;fuzz/lua/?.lua;;" LUA_CPATH="BUILD/lmod/?.so;;" \
--     lua5.4 fuzz/replay.lua check_setpath crash-file...
local check = require(arg[1])
local status = 0
for i = 2, #arg do
  local f = assert(io.open(arg[i], "rb"))
  local bytes = f:read("a")
  f:close()
  local ok, err = pcall(check, bytes)
  print(("%s: %s"):format(arg[i], ok and "ok" or tostring(err)))
  if not ok then status = 1 end
end
os.exit(status)
