"""Run schemathesis in-process over the WSGI application as `schemathesis run --checks all`
runs over the network: every phase (examples, coverage, fuzzing, stateful), every check.

CI replays a fixed sequence (a fixed seed, derandomized) so that a red build always means a
change broke something; FUZZ_RANDOM=1 draws a new sequence each run to hunt for more, a
failure names its seed, and FUZZ_SEED=<seed> replays it. The application to pass is
conftest's `wsgi_app`, which lets the engine's worker threads see the test's data.
"""

import os
import random

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, from_schema
from schemathesis.engine.events import EngineFinished, FatalError, NonFatalError, ScenarioFinished

from governance.api.map_bounds import BBOX, BoundingBox

FIXED_SEED = 20261123


@schemathesis.hook
def filter_case(context, case) -> bool:
    """Wagtail's listings refuse (422) combinations of values that OpenAPI can state only in
    words (the parameters' descriptions say them): child_of with descendant_of, random order
    with an offset, and a search ordered by a field its index cannot sort by; the map's
    GeoJSON refuses (400) a bounding box whose minimum passes its maximum. Such requests
    are not valid, so they are not drawn as valid ones; ordered searches are left out whole,
    since which fields sort a search depends on each model's index.
    (`SCHEMATHESIS_HOOKS=tests.api.fuzzing` applies the same to the CLI.)"""
    query = case.query or {}
    if "child_of" in query and "descendant_of" in query:
        return False
    if "order" in query and "search" in query:
        return False
    bbox = query.get("bbox")
    if isinstance(bbox, str) and BBOX.fullmatch(bbox) and not BoundingBox.parse(bbox).is_ordered:
        return False
    return not (query.get("order") in ("random", ["random"]) and query.get("offset"))


def load_schema(application, *, max_examples: int, headers: dict | None = None):
    replayed = os.environ.get("FUZZ_SEED")
    exploring = replayed is not None or os.environ.get("FUZZ_RANDOM") == "1"
    seed = int(replayed) if replayed else random.randrange(2**32)
    config = SchemathesisConfig.from_dict(
        {
            "seed": seed if exploring else FIXED_SEED,
            "workers": 1,
            "headers": headers or {},
            "checks": {"enabled": True},
            "generation": {
                "max-examples": max_examples,
                "deterministic": not exploring,
                "database": "none",
            },
        }
    )
    return schemathesis.openapi.from_wsgi("/api/openapi.json", application, config=config)


def failures_of(schema) -> list[str]:
    """Every failed check and every error of a whole run, one line each."""
    found = []
    for event in from_schema(schema).execute():
        if isinstance(event, ScenarioFinished):
            found += scenario_failures(event.recorder)
        elif isinstance(event, NonFatalError):
            found.append(f"error in {event.label}: {event.info}")
        elif isinstance(event, FatalError):
            found.append(f"fatal error: {event.exception!r}")
        elif isinstance(event, EngineFinished):
            found += [f"{failure.title}: {failure.message}" for failure in event.failures]
    if found:
        found.insert(0, f"schemathesis seed {schema.config.seed}")
    return found


def scenario_failures(recorder) -> list[str]:
    lines = []
    for case_id, checks in recorder.checks.items():
        interaction = recorder.interactions.get(case_id)
        for check in checks:
            if check.status != Status.FAILURE:
                continue
            request, answer = "", ""
            if interaction is not None:
                request = f"{interaction.request.method} {interaction.request.uri}"
            if interaction is not None and interaction.response is not None:
                response = interaction.response
                answer = f"{response.status_code} {response.content[:300].decode(errors='replace')}"
            message = check.failure_info.failure.message
            lines.append(f"{check.name}: {request} -> {answer}\n    {message}")
    return lines
