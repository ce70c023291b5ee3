local core = require "fsgen.core"
local fs = require "fsgen.fs"

-- fs.realpath resolves most paths from its directory's cached answer and one
-- lstat; whatever the shortcut, it must answer exactly as realpath(3) does.
describe("fsgen.fs.realpath", function()
  local root

  setup(function()
    root = os.tmpname()
    os.remove(root)
    assert(os.execute(table.concat({
      "mkdir -p " .. root .. "/a/b",
      "touch " .. root .. "/a/b/f",
      "ln -s a/b " .. root .. "/l",          -- a link to a directory
      "ln -s b/f " .. root .. "/a/lf",       -- a link to a file
      "ln -s " .. root .. "/l " .. root .. "/ll", -- a link to a link
      "ln -s nowhere " .. root .. "/dangling",
    }, " && ")))
  end)

  teardown(function()
    os.execute("rm -rf " .. root)
  end)

  local function same_as_realpath3(path)
    local want, want_err = core.realpath(path)
    local got, got_err = fs.realpath(path)
    assert.equal(want, got, path)
    assert.equal(want_err, got_err, path)
  end

  it("answers as realpath(3) for plain, relative and dotted paths", function()
    for _, p in ipairs { "/", ".", "..", "lua", "lua/", "lua//fsgen", "./lua/fsgen/fs.lua",
                         "../" .. fs.realpath("."):match("[^/]+$") .. "/lua", "/tmp" } do
      same_as_realpath3(p)
    end
  end)

  it("follows links in the last part and in the directories above it", function()
    for _, rel in ipairs { "l/f", "a/lf", "ll/f", "ll/../a/b/f", "a/../a/b/f", "a/b/.", "l/.." } do
      same_as_realpath3(root .. "/" .. rel)
    end
    assert.equal(fs.realpath(root) .. "/a/b/f", fs.realpath(root .. "/ll/f"))
  end)

  it("fails as realpath(3) does for missing files, dangling links and non-directories", function()
    for _, rel in ipairs { "nope", "a/nope/f", "dangling", "a/b/f/x" } do
      same_as_realpath3(root .. "/" .. rel)
    end
    same_as_realpath3("")
  end)
end)

describe("core.cut_last", function()
  it("splits at the last separator, keeping empty parts", function()
    assert.same({ "a/b", "c.lua" }, { core.cut_last("a/b/c.lua", "/") })
    assert.same({ "", "x" }, { core.cut_last("/x", "/") })
    assert.same({ "a", "" }, { core.cut_last("a/", "/") })
    assert.same({ "io.k8s.api.core.v1", "PodSpec" }, { core.cut_last("io.k8s.api.core.v1.PodSpec", ".") })
    assert.same({ "a\0b", "c" }, { core.cut_last("a\0b/c", "/") })
  end)

  it("gives nil when there is no separator", function()
    assert.is_nil(core.cut_last("plain", "/"))
    assert.is_nil(core.cut_last("", "/"))
  end)

  it("takes a one-byte separator only", function()
    assert.has_error(function() core.cut_last("a/b", "//") end)
    assert.has_error(function() core.cut_last("a/b", "") end)
  end)
end)

describe("fsgen.fs.dirname", function()
  it("is everything before the last slash", function()
    assert.equal("a/b", fs.dirname("a/b/c.lua"))
    assert.equal(".", fs.dirname("c.lua"))
    assert.equal("/", fs.dirname("/c.lua"))
    assert.equal("a", fs.dirname("a/"))
  end)
end)

describe("fsgen.fs.read_plain", function()
  local root

  setup(function()
    root = os.tmpname()
    os.remove(root)
    assert(os.execute(table.concat({
      "mkdir -p " .. root .. "/dir.lua " .. root .. "/sub",
      "printf 'return 1' > " .. root .. "/plain.lua",
      "ln -s plain.lua " .. root .. "/link.lua",
      "mkfifo " .. root .. "/fifo.lua",
    }, " && ")))
  end)

  teardown(function()
    os.execute("rm -rf " .. root)
  end)

  it("reads a regular file that is no link", function()
    assert.same({ "return 1" }, { fs.read_plain(root .. "/plain.lua") })
  end)

  it("says why it read nothing, without waiting on a FIFO", function()
    assert.same({ nil, "link" }, { fs.read_plain(root .. "/link.lua") })
    assert.same({ nil, "not a file" }, { fs.read_plain(root .. "/dir.lua") })
    assert.same({ nil, "not a file" }, { fs.read_plain(root .. "/fifo.lua") })
    assert.same({ nil, "missing" }, { fs.read_plain(root .. "/none.lua") })
    assert.same({ nil, "missing" }, { fs.read_plain(root .. "/plain.lua/x") })
  end)
end)

-- require finds a module by reading it; links and the second candidate
-- (a/init.lua) must still be found as before.
describe("require in the sandbox", function()
  local sandbox = require "fsgen.sandbox"
  local root

  setup(function()
    root = os.tmpname()
    os.remove(root)
    assert(os.execute(table.concat({
      "mkdir -p " .. root .. "/real " .. root .. "/pkg " .. root .. "/odd.lua " .. root .. "/odd",
      "printf 'return \"linked\"' > " .. root .. "/real/target.lua",
      "ln -s real/target.lua " .. root .. "/linked.lua",
      "printf 'return \"package\"' > " .. root .. "/pkg/init.lua",
      "printf 'return \"odd\"' > " .. root .. "/odd/init.lua",
      "printf 'return { require \"linked\", require \"pkg\", require \"odd\" }' > " .. root .. "/main.lua",
    }, " && ")))
  end)

  teardown(function()
    os.execute("rm -rf " .. root)
  end)

  it("loads linked files, packages and skips directories named like files", function()
    local ctx = { files = fs.tracker(root), sources = {}, env_used = {} }
    local loader <close> = sandbox.loader(ctx)
    ctx.loader = loader
    assert.same({ "linked", "package", "odd" }, loader:run(root .. "/main.lua"))
    local read = {}
    for _, f in ipairs(ctx.files.files) do read[#read + 1] = f:match("[^/]+/[^/]+$") end
    local want = { "odd/init.lua", "pkg/init.lua", "real/target.lua", fs.realpath(root):match("[^/]+$") .. "/main.lua" }
    table.sort(read)
    table.sort(want)
    assert.same(want, read)
  end)
end)
