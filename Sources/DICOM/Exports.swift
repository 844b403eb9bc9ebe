// The DICOM module's types speak the shared vocabulary (laterality) and raster type.
@_exported import BIRADS
@_exported import Raster
