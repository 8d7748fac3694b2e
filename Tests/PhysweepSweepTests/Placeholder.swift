// Tests for PhysweepSweep.
