return {
  values = {
    web = { replica = 2 },
  },
}
