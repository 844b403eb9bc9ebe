#!/usr/bin/env python3
"""Reads densa's density SRs back with highdicom's own API (TID 1500 / 1501), as a consumer would.

For each file prints one JSON object: every measurement group's breast-composition evaluation with
its laterality and source images, the document-level evaluations, and the algorithm's contributing
equipment. Exits 1 when a file is not a TID 1500 report or a group lacks what AIR asks of it.

usage: sr_readback.py SR.dcm...
"""
import json
import sys

import highdicom as hd
from pydicom.sr.coding import Code

BREAST_COMPOSITION = Code("129715009", "SCT", "Breast composition")
SUGGESTED_STATEMENT = Code("DENSA-MQSA", "99DENSA", "MQSA density statement suggested by the model")


def read(path):
    sr = hd.sr.srread(path)
    report = hd.sr.MeasurementReport.from_sequence([sr], is_root=True)
    groups = []
    for group in report.get_image_measurement_groups():
        evaluations = group.get_qualitative_evaluations(name=BREAST_COMPOSITION)
        sites = group.finding_sites
        groups.append(
            {
                "trackingIdentifier": group.tracking_identifier,
                "trackingUID": str(group.tracking_uid) if group.tracking_uid else None,
                "compositions": [e.value.value for e in evaluations],
                "laterality": [s.laterality.value for s in sites if s.laterality is not None],
                "findingSite": [s.value.value for s in sites],
                "sourceImages": [str(i.referenced_sop_instance_uid) for i in group.source_images],
            }
        )
    document = [
        item
        for item in hd.sr.utils.find_content_items(sr, recursive=True)
        if item.name == BREAST_COMPOSITION and item.ValueType == "CODE"
    ]
    statements = [
        item.value
        for item in hd.sr.utils.find_content_items(sr, recursive=True)
        if item.name == SUGGESTED_STATEMENT
    ]
    equipment = [
        {
            "purpose": [(c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning) for c in e.PurposeOfReferenceCodeSequence],
            "manufacturer": e.Manufacturer,
            "model": e.ManufacturerModelName,
            "softwareVersions": list(e.SoftwareVersions) if e.get("SoftwareVersions") else [],
            "deviceUID": str(e.DeviceUID),
        }
        for e in sr.get("ContributingEquipmentSequence", [])
    ]
    return {
        "file": path,
        "groups": groups,
        "allCompositionItems": len(document),
        "suggestedStatements": statements,
        "contributingEquipment": equipment,
        "evidence": [str(uids[2]) for uids in sr.get_evidence()],
    }


def main(paths):
    failed = False
    for path in paths:
        result = read(path)
        for g in result["groups"]:
            if len(g["compositions"]) != 1 or len(g["laterality"]) != 1 or not g["sourceImages"]:
                failed = True
        print(json.dumps(result))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
