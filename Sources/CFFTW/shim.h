// FFTW 3 in double (fftw_*, libfftw3) and single precision (fftwf_*, libfftw3f); Debian: libfftw3-dev,
// pkg-config "fftw3" / "fftw3f" (the module map links both).
#include <fftw3.h>
