"""Static files light on the wire: `collectstatic` (which `sammachip serve` runs) writes each file under a
name with its content's hash, beside a gzip and a brotli copy; WhiteNoise sends the smallest copy the browser
accepts, with a cache lifetime of ten years (a changed file gets a new name)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from whitenoise.storage import CompressedManifestStaticFilesStorage

# What people's pages load (our apps and the npm assets copied into core/static/vendor). The admin's and the
# API documentation's files (several MB, with source maps) are for a desk on the office network: compressing
# them at brotli's best level made `sammachip serve` start minutes later on a two-core machine.
COMPRESSED_PREFIXES = ("core/", "market/", "vendor/")


class CompressedManifestStorage(CompressedManifestStaticFilesStorage):
    def stored_name(self, name: str) -> str:
        """Before `collectstatic` has run (a development server, a fresh checkout), there are no hashed copies
        yet: the page names the file itself, which WhiteNoise finds in the apps (WHITENOISE_USE_FINDERS)."""
        if not self.hashed_files:
            return name
        return super().stored_name(name)

    def compress_files(self, paths: Iterable[str]) -> Iterator[tuple[str, str]]:  # type: ignore[override]
        yield from super().compress_files([p for p in paths if p.startswith(COMPRESSED_PREFIXES)])
