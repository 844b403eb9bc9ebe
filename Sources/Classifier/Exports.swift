@_exported import BIRADS
// The classifier: ConvNeXt inference on OpenBLAS (issue 3).
import COpenBLAS
@_exported import Raster
