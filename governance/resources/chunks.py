"""Looking records up by a file's natural keys, a bounded number of keys per query.

A city-wide file names tens of thousands of grid codes (or event numbers, ID digests); one
`IN (…)` over all of them passes SQLite's limit of 32,766 variables and makes PostgreSQL plan
a huge statement. Every lookup by the values of a file goes through `in_chunks`.
"""

from collections.abc import Iterable, Iterator

# Well under SQLite's limit even with the scope's own parameters, and a plan PostgreSQL
# makes at once; the import's per-row work dwarfs one query per KEY_CHUNK keys.
KEY_CHUNK = 500


def in_chunks(queryset, lookup: str, values: Iterable) -> Iterator:
    """The records of `queryset` whose `lookup` is one of `values`, one query per KEY_CHUNK
    values (and none for no values)."""
    distinct = list(dict.fromkeys(values))
    for start in range(0, len(distinct), KEY_CHUNK):
        yield from queryset.filter(**{f"{lookup}__in": distinct[start : start + KEY_CHUNK]})
