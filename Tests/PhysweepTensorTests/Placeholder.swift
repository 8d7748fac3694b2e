// Tests for PhysweepTensor.
