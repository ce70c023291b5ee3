return {
  values = {
    web = {
      replicas = "three",
    },
  },
}
