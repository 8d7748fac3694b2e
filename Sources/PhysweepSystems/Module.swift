// The PhysweepSystems module; see docs/architecture.md.
