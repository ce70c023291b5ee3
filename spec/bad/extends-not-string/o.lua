return { extends = { 42 } }
