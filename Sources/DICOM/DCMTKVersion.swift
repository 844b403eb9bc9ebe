import CDCMTK

/// The version of the DCMTK library densa is linked against, as DCMTK reports it.
public let dcmtkVersion = String(cString: densa_dcmtk_version())
