"""Data for the Leaflet city maps, built from city pages already loaded."""


def city_map_points(cities):
    """One JSON-serialisable point per city: the page serialises it with json_script."""
    return [
        {
            "name": city.title,
            "country": city.country.name,
            "lat": float(city.latitude),
            "lng": float(city.longitude),
            "url": city.url,
            "member": city.is_ascn_pilot,
        }
        for city in cities
    ]
