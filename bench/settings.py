"""Settings for the server the load benchmark starts: the app's own, plus one view that exists only here."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
