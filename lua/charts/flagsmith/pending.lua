-- Chart capabilities fsgen does not render yet.  Switching one on is an
-- error rather than silently producing nothing.
local tables = require "tables"

local M = {}

local SWITCHES = {
  { "taskProcessor.enabled", function(v) return v.taskProcessor.enabled end },
  { "sse.enabled", function(v) return v.sse.enabled end },
  { "api.bootstrap.enabled", function(v) return v.api.bootstrap.enabled end },
  { "jobs.migrateDb.enabled", function(v) return v.jobs.migrateDb.enabled end },
  { "jobs.migrateAnalyticsData.enabled", function(v) return v.jobs.migrateAnalyticsData.enabled end },
  { "ingress.sse.enabled", function(v) return v.ingress.sse.enabled end },
  { "gateway.api.enabled", function(v) return v.gateway.api.enabled end },
  { "gateway.frontend.enabled", function(v) return v.gateway.frontend.enabled end },
  { "gateway.sse.enabled", function(v) return v.gateway.sse.enabled end },
  { "serviceMonitor.enabled", function(v) return v.serviceMonitor.enabled end },
  { "graphite.enabled", function(v) return v.graphite.enabled end },
  { "tests.enabled", function(v) return v.tests.enabled end },
  { "_destructiveTests.enabled", function(v) return v._destructiveTests.enabled end },
  { "extraObjects", function(v) return not tables.is_empty(v.extraObjects) end },
}

function M.check(values)
  for _, s in ipairs(SWITCHES) do
    if s[2](values) then
      error(("%s: this capability of the chart is not available in fsgen yet"):format(s[1]), 0)
    end
  end
end

return M
