local suggest = require "fsgen.suggest"

describe("fsgen.suggest", function()
  describe("distance", function()
    it("counts insertions, deletions and substitutions", function()
      assert.equal(0, suggest.distance("abc", "abc"))
      assert.equal(1, suggest.distance("ingres", "ingress"))
      assert.equal(1, suggest.distance("ingress", "ingres"))
      assert.equal(1, suggest.distance("cat", "cut"))
      assert.equal(3, suggest.distance("", "abc"))
      assert.equal(3, suggest.distance("abc", ""))
      assert.equal(3, suggest.distance("kitten", "sitting"))
    end)

    it("counts a swap of neighbouring characters as one edit", function()
      assert.equal(1, suggest.distance("replcias", "replicas"))
      assert.equal(1, suggest.distance("ab", "ba"))
    end)

    it("is the restricted (OSA) distance: no edits of a swapped pair", function()
      -- Full Damerau-Levenshtein gives 2 ("ca" -> "ac" -> "abc"); OSA gives 3.
      assert.equal(3, suggest.distance("ca", "abc"))
    end)
  end)

  describe("nearest", function()
    local keys = { "api", "frontend", "ingress", "postgresql", "replicaCount", "service" }

    it("finds a typo's intended key", function()
      assert.equal("ingress", suggest.nearest("ingres", keys))
      assert.equal("frontend", suggest.nearest("fronted", keys))
      assert.equal("postgresql", suggest.nearest("postgressql", keys))
    end)

    it("compares case-insensitively", function()
      assert.equal("replicaCount", suggest.nearest("replicacount", keys))
      assert.equal("replicaCount", suggest.nearest("REPLICACOUNT", keys))
    end)

    it("prefers the candidate that also matches in case", function()
      assert.equal("Name", suggest.nearest("Name", { "name", "Name", "NAME" }))
      assert.equal("name", suggest.nearest("nam", { "Name", "name" }))
    end)

    it("returns nil when nothing is close", function()
      assert.is_nil(suggest.nearest("database", keys))
      assert.is_nil(suggest.nearest("x", { "y", "z" }))
      assert.is_nil(suggest.nearest("ab", { "cd" }))
      assert.is_nil(suggest.nearest("anything", {}))
      assert.is_nil(suggest.nearest("", keys))
    end)

    it("lets longer words carry more typos", function()
      assert.equal("serviceMonitor", suggest.nearest("servceMontor", { "serviceMonitor" }))
      assert.is_nil(suggest.nearest("srvc", { "service" }))
    end)

    it("breaks ties by bytewise order, whatever the order of candidates", function()
      assert.equal("bat", suggest.nearest("cat", { "rat", "bat", "hat" }))
      assert.equal("bat", suggest.nearest("cat", { "hat", "rat", "bat" }))
      assert.equal("Bat", suggest.nearest("cat", { "bat", "Bat" }))
    end)

    it("ignores candidates that are not strings", function()
      assert.equal("image", suggest.nearest("imag", { 1, true, "image" }))
    end)
  end)
end)
