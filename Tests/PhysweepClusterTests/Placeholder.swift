// Tests for PhysweepCluster.
