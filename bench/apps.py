from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Development and benchmark tools, installed only by bench.settings (and the tests):
    the product's settings (iqm.settings) leave it out, so `manage.py help` there does not list
    seed_bulk."""

    name = "bench"
    verbose_name = "Benchmarks (development only)"
