// The PhysweepZMQ module; see docs/architecture.md.
