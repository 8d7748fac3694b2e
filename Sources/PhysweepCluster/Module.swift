// The PhysweepCluster module; see docs/architecture.md.
