// The PhysweepSweep module; see docs/architecture.md.
