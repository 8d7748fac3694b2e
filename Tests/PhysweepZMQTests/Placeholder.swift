// Tests for PhysweepZMQ.
