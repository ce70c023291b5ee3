local core = require "fsgen.core"
local fs = require "fsgen.fs"

-- A temporary directory for the describe block it is called in, made by
-- shell commands that name it $R.  Returns a function that gives its path.
local function temp_tree(commands)
  local root
  setup(function()
    root = os.tmpname()
    os.remove(root)
    assert(os.execute("R=" .. root .. " && " .. table.concat(commands, " && ")))
  end)
  teardown(function()
    os.execute("rm -rf " .. root)
  end)
  return function() return root end
end

-- fs.realpath resolves most paths from its directory's cached answer and one
-- lstat; whatever the shortcut, it must answer exactly as realpath(3) does.
describe("fsgen.fs.realpath", function()
  local tree = temp_tree {
    "mkdir -p $R/a/b",
    "touch $R/a/b/f",
    "ln -s a/b $R/l",       -- a link to a directory
    "ln -s b/f $R/a/lf",    -- a link to a file
    "ln -s $R/l $R/ll",     -- a link to a link
    "ln -s nowhere $R/dangling",
  }

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
      same_as_realpath3(tree() .. "/" .. rel)
    end
    assert.equal(fs.realpath(tree()) .. "/a/b/f", fs.realpath(tree() .. "/ll/f"))
  end)

  it("fails as realpath(3) does for missing files, dangling links and non-directories", function()
    for _, rel in ipairs { "nope", "a/nope/f", "dangling", "a/b/f/x" } do
      same_as_realpath3(tree() .. "/" .. rel)
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
  local tree = temp_tree {
    "mkdir -p $R/dir.lua",
    "printf 'return 1' > $R/plain.lua",
    "ln -s plain.lua $R/link.lua",
    "mkfifo $R/fifo.lua",
  }

  it("reads a regular file that is no link", function()
    assert.same({ "return 1" }, { fs.read_plain(tree() .. "/plain.lua") })
  end)

  it("says why it read nothing, without waiting on a FIFO", function()
    assert.same({ nil, "link" }, { fs.read_plain(tree() .. "/link.lua") })
    assert.same({ nil, "not a file" }, { fs.read_plain(tree() .. "/dir.lua") })
    assert.same({ nil, "not a file" }, { fs.read_plain(tree() .. "/fifo.lua") })
    assert.same({ nil, "missing" }, { fs.read_plain(tree() .. "/none.lua") })
    assert.same({ nil, "missing" }, { fs.read_plain(tree() .. "/plain.lua/x") })
  end)
end)

-- require finds a module by reading it; links and the second candidate
-- (a/init.lua) must still be found as before.
describe("require in the sandbox", function()
  local sandbox = require "fsgen.sandbox"
  local tree = temp_tree {
    "mkdir -p $R/real $R/pkg $R/odd.lua $R/odd",
    "printf 'return \"linked\"' > $R/real/target.lua",
    "ln -s real/target.lua $R/linked.lua",
    "printf 'return \"package\"' > $R/pkg/init.lua",
    "printf 'return \"odd\"' > $R/odd/init.lua",
    "printf 'return { require \"linked\", require \"pkg\", require \"odd\" }' > $R/main.lua",
  }

  it("loads linked files, packages and skips directories named like files", function()
    local ctx = { files = fs.tracker(tree()), sources = {}, env_used = {} }
    local loader <close> = sandbox.loader(ctx)
    ctx.loader = loader
    assert.same({ "linked", "package", "odd" }, loader:run(tree() .. "/main.lua"))
    local read = {}
    for _, f in ipairs(ctx.files.files) do read[#read + 1] = f:match("[^/]+/[^/]+$") end
    local want = { "odd/init.lua", "pkg/init.lua", "real/target.lua", fs.realpath(tree()):match("[^/]+$") .. "/main.lua" }
    table.sort(read)
    table.sort(want)
    assert.same(want, read)
  end)
end)
