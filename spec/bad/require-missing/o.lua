local lib = require "lib.helpers"
return {}
