"""Hand-written SQL baselines for the benchmark: the engine's figures for every gemeente at once."""
