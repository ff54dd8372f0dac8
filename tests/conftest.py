"""The test harness: Hypothesis profiles, one place for what every property test shares.

`fast` (the default) keeps the suite at about a minute and a half on two cores: no deadline
(a shared CI machine makes timings lie), no example database (runs do not depend on one
another), and each test's own `max_examples`. `thorough` (HYPOTHESIS_PROFILE=thorough, which
.ci/run sets) multiplies every test's examples by THOROUGH_FACTOR: tests size their runs with
`strategies.examples(n)`, which reads the profile loaded here.

The strategies themselves live in tests/strategies/ (cases, histories, cohorts).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

#: The environment variable that chooses the profile (Hypothesis' own convention).
PROFILE_VARIABLE = "HYPOTHESIS_PROFILE"

settings.register_profile(
    "fast",
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    parent=settings.get_profile("fast"),
    max_examples=200,  # twice the default, as strategies.examples(n) multiplies
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get(PROFILE_VARIABLE, "fast"))
