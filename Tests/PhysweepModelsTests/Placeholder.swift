// Tests for PhysweepModels.
