"""Where: place names in articles, resolved to GeoNames places, and event locations."""
