// Synthetic study factory (issue 2).
import DICOM
