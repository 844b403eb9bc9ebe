// The classifier: ConvNeXt inference on OpenBLAS (issue 3).
import COpenBLAS
