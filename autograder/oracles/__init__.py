"""Independent oracles: PyTorch computations in float64, sharing no code with solutions/.

The hidden tests take their expected values from here, and tests/solutions/ checks the
reference package against the same functions, so a mutated reference cannot pass.
"""
