// The modules Classifier re-exports that the card's sources use (see Sources/Classifier/Exports.swift).
@_exported import BIRADS
@_exported import Raster
