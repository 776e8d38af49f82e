from tests.bookkeeping.conftest import cash, charter, production, task, year_2025  # noqa: F401 - shared fixtures
