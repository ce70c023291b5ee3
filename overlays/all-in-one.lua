-- The all-in-one image, which serves the API and the frontend from one
-- container: no frontend Deployment; the frontend Service (and ingress, when
-- enabled) reach the API pods.
return {
  description = "API and frontend from the one flagsmith/flagsmith image",
  values = {
    api = {
      image = { repository = "flagsmith/flagsmith" },
      separateApiAndFrontend = false,
    },
  },
}
