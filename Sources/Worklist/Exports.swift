@_exported import BIRADS
