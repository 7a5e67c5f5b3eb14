"""Performance benchmarks for the site build: ``python -m benchmarks.run`` (or ``make bench``)."""
