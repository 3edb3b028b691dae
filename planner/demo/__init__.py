"""A deterministic, clearly synthetic force programme for demos, tests and benchmarks."""

from planner.demo.generator import DemoSpec, generate_contracts

__all__ = ["DemoSpec", "generate_contracts"]
