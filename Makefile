# fsgen builds with CMake (see README: ./dev.sh render, ./dev.sh test); this
# file only runs the benchmarks.
.PHONY: help bench
help:
	@echo "make bench    run the benchmarks (bench/, several minutes) and write bench/RESULTS.md"
bench:
	$(MAKE) -C bench
