from tests.bookkeeping.conftest import cash, charter, production, task  # noqa: F401 - shared fixtures
