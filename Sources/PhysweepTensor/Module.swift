// The PhysweepTensor module; see docs/architecture.md.
