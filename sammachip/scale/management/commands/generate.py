"""`sammachip generate --scale district|province|nation [--seed N]`: fill the database with scale data."""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from sammachip.scale.generator import SCALES, Generator
from sammachip.scale.guard import refuse_foreign_data


class Command(BaseCommand):
    help = "Fill the database with realistic, reproducible data at district, province or nation scale."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="district")
        parser.add_argument("--seed", type=int, default=2568)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        refuse_foreign_data("generate")
        start = time.perf_counter()
        counts = Generator(SCALES[options["scale"]], seed=options["seed"]).run()
        elapsed = time.perf_counter() - start
        self.stdout.write(f"{options['scale']} scale generated in {elapsed:.1f} s:")
        for name, n in counts.items():
            self.stdout.write(f"  {name:<14} {n:>12,}")
