// The PhysweepModels module; see docs/architecture.md.
