"""Geopoints, geotraces and geoshapes as ODK writes them, and the spec's ``area``/``distance``.

A geopoint is ``"latitude longitude [altitude [accuracy]]"``; a trace or shape
is geopoints separated by ``;`` (a shape ends where it starts). Distances are
in metres on a sphere of the WGS84 mean radius, as in ODK Collect.
"""

from __future__ import annotations

import math

EARTH_RADIUS = 6378137.0  # metres, as JavaRosa's GeoUtils


def parse_point(text: str) -> tuple[float, ...] | None:
    """``(lat, lon, alt, accuracy)`` (altitude and accuracy optional), or None when not a valid point."""
    parts = text.split()
    if not 2 <= len(parts) <= 4:
        return None
    try:
        numbers = tuple(float(p) for p in parts)
    except ValueError:
        return None
    if any(math.isnan(n) or math.isinf(n) for n in numbers):
        return None
    lat, lon = numbers[0], numbers[1]
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    if len(numbers) == 4 and numbers[3] < 0:
        return None
    return numbers


def parse_points(text: str) -> list[tuple[float, ...]] | None:
    """The points of a trace or shape, or None when one of them is not valid."""
    points = []
    for part in str(text).split(";"):
        if not part.strip():
            continue
        point = parse_point(part)
        if point is None:
            return None
        points.append(point)
    return points


def _haversine(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS * math.asin(min(1.0, math.sqrt(h)))


def distance(values: list[str]) -> float:
    """Length in metres of the path through the points (one trace/shape or several geopoints)."""
    points = []
    for value in values:
        parsed = parse_points(value)
        if parsed is None:
            return math.nan
        points.extend(parsed)
    if len(points) < 2:
        return 0.0 if points else math.nan
    return sum(_haversine(p, q) for p, q in zip(points, points[1:]))


def area(value: str) -> float:
    """Area in square metres of a shape (spherical excess of the polygon)."""
    points = parse_points(value)
    if points is None:
        return math.nan
    if len(points) < 3:
        return 0.0
    if points[0][:2] != points[-1][:2]:
        points = points + [points[0]]
    total = 0.0
    for p, q in zip(points, points[1:]):
        lon1, lon2 = math.radians(p[1]), math.radians(q[1])
        lat1, lat2 = math.radians(p[0]), math.radians(q[0])
        total += (lon2 - lon1) * (2 + math.sin(lat1) + math.sin(lat2))
    return abs(total * EARTH_RADIUS * EARTH_RADIUS / 2.0)
