"""`python -m bench` is `make bench`: see bench/run.py."""

from bench.run import main

main()
