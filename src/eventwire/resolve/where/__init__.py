"""Where: place names in articles, resolved to GeoNames places, and where each event happened.

The API the resolve stage calls:

- ``places_in(analysis) -> list[PlaceMention]``: every place the article
  names, resolved (GeoNames id, coordinates, country, admin1), for the map.
- ``locate_events(events, analysis, places)``: sets ``Event.location`` and
  ``Event.location_basis`` (clause, sentence, dateline, actor_country,
  unknown).
"""

from .gazetteer import Gazetteer, load_gazetteer
from .locate import EventLocator, locate_events, place_reason
from .places import PlaceFinder, places_in

__all__ = ["EventLocator", "Gazetteer", "PlaceFinder", "load_gazetteer", "locate_events",
           "place_reason", "places_in"]
