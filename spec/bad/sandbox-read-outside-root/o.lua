return { values = { image = { tag = fsgen.read("../../fixtures/demo/chart/init.lua") } } }
