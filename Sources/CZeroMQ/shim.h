// libzmq's C API (Debian: libzmq3-dev, via pkg-config "libzmq").
#include <zmq.h>
