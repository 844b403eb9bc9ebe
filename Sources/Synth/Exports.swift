@_exported import BIRADS
@_exported import DICOM
@_exported import Raster
@_exported import Seeded
