// OpenBLAS's CBLAS interface (Debian: libopenblas-dev, via pkg-config "openblas").
#include <cblas.h>
