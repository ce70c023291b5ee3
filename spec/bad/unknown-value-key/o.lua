return {
  values = {
    ingres = { enabled = true },
  },
}
