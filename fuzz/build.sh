#!/usr/bin/env bash
# Builds every libFuzzer target into .build/fuzz/ (or $FUZZ_DIR): the DCMTK/OpenJPEG shim with
# clang (ASan + UBSan), Swift parsers with swiftc -sanitize=fuzzer,address. Targets are rebuilt
# only when a source is newer than the binary. Usage: fuzz/build.sh [target...]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${FUZZ_DIR:-.build/fuzz}
TOOLCHAIN=${TOOLCHAIN:-/opt/swift/usr/bin}
CLANGXX=${CLANGXX:-$TOOLCHAIN/clang++}
SWIFTC=${SWIFTC:-$TOOLCHAIN/swiftc}
mkdir -p "$OUT/modules"

ALL=(dicom j2k report_text csv hl7 mllp safetensors npy model_card)
TARGETS=("${@:-${ALL[@]}}")

# Same libraries as Package.swift's linkerSettings (no Debian CharLS: see there).
DCMTK_LIBS=(-ldcmjpls -ldcmjpeg -lijg8 -lijg12 -lijg16 -ldcmimage -ldcmimgle -ldcmdata -loflog -lofstd -lopenjp2 -lz)
CFLAGS=(-std=c++17 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -g -O1 -fuse-ld=lld
  -Wno-deprecated-declarations -I Sources/CDCMTK/include -I/usr/include/openjpeg-2.5)
SWIFTFLAGS=(-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 -use-ld=lld -I "$OUT/modules" -L "$OUT/modules")

# Whether $1 is missing or older than any of the remaining files.
stale() {
  local target=$1
  shift
  [ -e "$target" ] || return 0
  local f
  for f in "$@"; do [ "$f" -nt "$target" ] && return 0; done
  return 1
}

module() {  # name, then sources: a static library with its module, instrumented for the fuzzer
  local name=$1
  shift
  local lib="$OUT/modules/lib$name.a"
  stale "$lib" "$@" fuzz/build.sh || return 0
  echo "fuzz: module $name"
  "$SWIFTC" "${SWIFTFLAGS[@]}" -enable-testing -emit-library -static -module-name "$name" \
    -emit-module-path "$OUT/modules/$name.swiftmodule" "$@" -o "$lib"
}

reports_sources() { find Sources/Reports -name '*.swift' | sort; }
weights_sources() { ls Sources/Classifier/Weights/{MappedFile,NumPyArray,SafetensorsError,SafetensorsFile}.swift; }
card_sources() {  # the card validates its preprocessing options, which live with the preprocessing
  ls Sources/Classifier/Model/{ModelCard,JSONValue,ModelError}.swift Sources/Classifier/Preprocessing/*.swift
}

build() {
  local target=$1 bin="$OUT/$1"
  case $target in
    dicom | j2k)
      local sources=(fuzz/${target}_fuzzer.cpp Sources/CDCMTK/dataset.cpp Sources/CDCMTK/j2k.cpp)
      [ "$target" = j2k ] && sources=(fuzz/j2k_fuzzer.cpp Sources/CDCMTK/j2k.cpp)
      stale "$bin" "${sources[@]}" Sources/CDCMTK/include/*.h fuzz/build.sh || return 0
      echo "fuzz: $target"
      "$CLANGXX" "${CFLAGS[@]}" "${sources[@]}" -o "$bin" "${DCMTK_LIBS[@]}"
      ;;
    report_text | csv | hl7)
      local -a birads reports
      mapfile -t birads < <(ls Sources/BIRADS/*.swift)
      mapfile -t reports < <(reports_sources)
      module BIRADS "${birads[@]}"
      module Reports "${reports[@]}"
      local harness
      case $target in
        report_text) harness=fuzz/swift/ReportTextFuzzer.swift ;;
        csv) harness=fuzz/swift/CSVFuzzer.swift ;;
        hl7) harness=fuzz/swift/HL7Fuzzer.swift ;;
      esac
      stale "$bin" "$harness" "$OUT/modules/libReports.a" "$OUT/modules/libBIRADS.a" || return 0
      echo "fuzz: $target"
      "$SWIFTC" "${SWIFTFLAGS[@]}" "$harness" -lReports -lBIRADS -o "$bin"
      ;;
    safetensors | npy)
      local -a sources
      mapfile -t sources < <(weights_sources)
      local harness=fuzz/swift/SafetensorsFuzzer.swift
      [ "$target" = npy ] && harness=fuzz/swift/NumPyFuzzer.swift
      stale "$bin" "$harness" "${sources[@]}" fuzz/build.sh || return 0
      echo "fuzz: $target"
      "$SWIFTC" "${SWIFTFLAGS[@]}" -module-name Weights "$harness" "${sources[@]}" -o "$bin"
      ;;
    model_card)
      local -a sources
      mapfile -t sources < <(card_sources)
      local -a raster
      mapfile -t raster < <(ls Sources/Raster/*.swift)
      SWIFTFLAGS+=(-I Sources/CZlib -I Sources/CFreeType -Xcc -I/usr/include/freetype2)
      module Raster "${raster[@]}"
      stale "$bin" fuzz/swift/ModelCardFuzzer.swift "${sources[@]}" "$OUT/modules/libRaster.a" fuzz/build.sh || return 0
      echo "fuzz: $target"
      "$SWIFTC" "${SWIFTFLAGS[@]}" -module-name Card fuzz/swift/ModelCardFuzzer.swift fuzz/swift/CardExports.swift "${sources[@]}" -lRaster -lBIRADS -lz -lfreetype \
        -o "$bin"
      ;;
    mllp)
      # Against the NIO that `swift build -c release` built (NIO_BUILD); skipped without one.
      local nio=${NIO_BUILD:-.build/release}
      if [ ! -e "$nio/Modules/NIOEmbedded.swiftmodule" ]; then
        echo "fuzz: mllp skipped: no NIO built in $nio (swift build -c release, or NIO_BUILD=...)" >&2
        return 0
      fi
      stale "$bin" fuzz/swift/MLLPFuzzer.swift Sources/Server/HL7/MLLPFrame.swift fuzz/build.sh || return 0
      echo "fuzz: $target"
      local -a objects maps
      mapfile -d '' objects < <(find "$nio"/{NIOCore,NIOEmbedded,NIOConcurrencyHelpers,_NIODataStructures,_NIOBase64,CNIOAtomics,CNIOLinux,Atomics,_AtomicsShims,DequeModule,InternalCollectionsUtilities}.build -name '*.o' -print0)
      for m in "$nio"/C*.build/module.modulemap "$nio"/{..,../..}/checkouts/swift-atomics/Sources/_AtomicsShims/include/module.modulemap; do
        [ -e "$m" ] && maps+=(-Xcc "-fmodule-map-file=$m")
      done
      "$SWIFTC" "${SWIFTFLAGS[@]}" -I "$nio/Modules" "${maps[@]}" -module-name MLLPFuzz fuzz/swift/MLLPFuzzer.swift \
        Sources/Server/HL7/MLLPFrame.swift "${objects[@]}" -o "$bin"
      ;;
    *)
      echo "fuzz: unknown target $target (targets: ${ALL[*]})" >&2
      return 2
      ;;
  esac
}

for t in "${TARGETS[@]}"; do build "$t"; done
