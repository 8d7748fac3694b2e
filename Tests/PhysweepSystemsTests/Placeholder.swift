// Tests for PhysweepSystems.
