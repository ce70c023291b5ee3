return {
  values = {
    size = 100,
  },
}
