// libhdf5's C API (Debian: libhdf5-dev, via pkg-config "hdf5"; headers under hdf5/serial).
//
// H5P_DEFAULT, H5F_ACC_*, H5S_ALL, H5E_DEFAULT, H5T_VARIABLE and H5T_NATIVE_* / H5T_C_S1 are macros
// Swift cannot import (the type macros expand to mutable `_g` globals, which Swift 6's concurrency
// checking rejects), so they are read through these functions instead.
#include <hdf5.h>

static inline hid_t physweep_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t physweep_h5s_all(void) { return H5S_ALL; }
static inline hid_t physweep_h5e_default(void) { return H5E_DEFAULT; }
static inline unsigned physweep_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned physweep_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline size_t physweep_h5t_variable(void) { return H5T_VARIABLE; }
static inline hid_t physweep_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t physweep_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t physweep_h5t_native_int8(void) { return H5T_NATIVE_INT8; }
static inline hid_t physweep_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t physweep_h5t_c_s1(void) { return H5T_C_S1; }
static inline hid_t physweep_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t physweep_h5p_group_create(void) { return H5P_GROUP_CREATE; }
