return { values = { secret = { password = fsgen.nul } } }
