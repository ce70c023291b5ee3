-- InfluxDB in the cluster for the API's analytics (SDK traffic, flag
-- evaluations).  The admin password and token are generated once in the
-- cluster; the data is kept on a volume.  Flagsmith's docs list the extra
-- buckets to create once it runs.
return {
  description = "in-cluster InfluxDB for analytics",
  values = {
    influxdb = {
      enabled = true,
      persistence = { enabled = true, size = "10Gi" },
    },
  },
}
