return {
  values = {
    web = {
      resources = { limits = { memory = "512MB" } },
    },
  },
}
