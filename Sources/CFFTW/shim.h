// FFTW 3, double precision (Debian: libfftw3-dev, via pkg-config "fftw3").
#include <fftw3.h>
