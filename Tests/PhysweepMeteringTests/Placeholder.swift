// Tests for PhysweepMetering.
