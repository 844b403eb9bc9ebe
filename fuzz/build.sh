#!/usr/bin/env bash
# Builds every libFuzzer target into .build/fuzz/ (or $FUZZ_DIR): the DCMTK/OpenJPEG shim with
# clang (ASan + UBSan), Swift parsers with swiftc -sanitize=fuzzer,address. Targets are rebuilt
# only when a source is newer than the binary. Usage: fuzz/build.sh [target...]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${FUZZ_DIR:-.build/fuzz}
TOOLCHAIN=${TOOLCHAIN:-/opt/swift/usr/bin}
CLANGXX=${CLANGXX:-$TOOLCHAIN/clang++}
CLANG=${CLANG:-$TOOLCHAIN/clang}
AR=${AR:-$TOOLCHAIN/llvm-ar}
SWIFTC=${SWIFTC:-$TOOLCHAIN/swiftc}
mkdir -p "$OUT/modules"

ALL=(dicom j2k ljpeg jpegls report_text csv hl7 mllp safetensors npy model_card config)
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

MODULE_FLAGS=()  # extra swiftc flags for module(), set by a target for third-party modules

module() {  # name, then sources: a static library with its module, instrumented for the fuzzer
  local name=$1
  shift
  local lib="$OUT/modules/lib$name.a"
  stale "$lib" "$@" fuzz/build.sh || return 0
  echo "fuzz: module $name"
  "$SWIFTC" "${SWIFTFLAGS[@]}" "${MODULE_FLAGS[@]}" -enable-testing -emit-library -static -module-name "$name" \
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
    ljpeg)
      stale "$bin" fuzz/ljpeg_fuzzer.cpp Sources/CDCMTK/ljpeg.cpp Sources/CDCMTK/include/densa_ljpeg.h fuzz/build.sh ||
        return 0
      echo "fuzz: $target"
      "$CLANGXX" "${CFLAGS[@]}" fuzz/ljpeg_fuzzer.cpp Sources/CDCMTK/ljpeg.cpp -o "$bin"
      ;;
    jpegls)
      stale "$bin" fuzz/jpegls_fuzzer.cpp Sources/CDCMTK/jpegls.cpp Sources/CDCMTK/include/densa_jpegls.h fuzz/build.sh ||
        return 0
      echo "fuzz: $target"
      "$CLANGXX" "${CFLAGS[@]}" fuzz/jpegls_fuzzer.cpp Sources/CDCMTK/jpegls.cpp -o "$bin"
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
    config)
      # Yams (its Swift sources and libyaml's C) and swift-configuration compiled here, instrumented;
      # their leaf dependencies (swift-system, DequeModule) linked from a `swift build -c release`
      # (DEPS_BUILD, default NIO_BUILD or .build/release) whose checkouts hold the sources.
      local deps=${DEPS_BUILD:-${NIO_BUILD:-.build/release}} checkouts=""
      local c
      for c in "$deps/../checkouts" "$deps/../../checkouts"; do
        [ -d "$c/Yams/Sources/CYaml" ] && [ -d "$c/swift-configuration/Sources/Configuration" ] && checkouts=$(cd -P "$c" && pwd) && break
      done
      if [ ! -e "$deps/Modules/SystemPackage.swiftmodule" ] || [ -z "$checkouts" ]; then
        echo "fuzz: config skipped: no swift-configuration/Yams build and checkouts in $deps (swift build -c release, or DEPS_BUILD=...)" >&2
        return 0
      fi
      local yams=$checkouts/Yams/Sources conf=$checkouts/swift-configuration/Sources/Configuration
      local system=$checkouts/swift-system/Sources/CSystem/include
      local -a cyaml yams_sources conf_sources objects
      mapfile -t cyaml < <(ls "$yams"/CYaml/src/*.c)
      mapfile -t yams_sources < <(find "$yams/Yams" -name '*.swift' | sort)
      mapfile -t conf_sources < <(find "$conf" -name '*.swift' | sort)
      if stale "$OUT/modules/libCYaml.a" "${cyaml[@]}" fuzz/build.sh; then
        echo "fuzz: module CYaml"
        mkdir -p "$OUT/cyaml"
        for c in "${cyaml[@]}"; do
          "$CLANG" -fsanitize=fuzzer-no-link,address -g -O1 -w -DYAML_DECLARE_STATIC -I "$yams/CYaml/include" \
            -c "$c" -o "$OUT/cyaml/$(basename "$c" .c).o"
        done
        rm -f "$OUT/modules/libCYaml.a"
        "$AR" rcs "$OUT/modules/libCYaml.a" "$OUT"/cyaml/*.o
      fi
      # Dynamic scoping: module() compiles with these flags.
      local -a SWIFTFLAGS=("${SWIFTFLAGS[@]}" -I "$deps/Modules" -Xcc "-fmodule-map-file=$yams/CYaml/include/module.modulemap"
        -Xcc -I -Xcc "$yams/CYaml/include" -Xcc -DYAML_DECLARE_STATIC -Xcc "-fmodule-map-file=$system/module.modulemap"
        -Xcc -I -Xcc "$system")
      local -a MODULE_FLAGS=(-suppress-warnings -DSWIFT_PACKAGE -package-name yams)
      module Yams "${yams_sources[@]}"
      # swift-configuration's own flags (its Package.swift; YAML is the trait densa enables).
      MODULE_FLAGS=(-suppress-warnings -DSWIFT_PACKAGE -DYAML -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility
        -enable-upcoming-feature InternalImportsByDefault -enable-upcoming-feature NonisolatedNonsendingByDefault
        -enable-experimental-feature "AvailabilityMacro=Configuration 1.0:macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0"
        -package-name swift_configuration)
      module Configuration "${conf_sources[@]}"
      stale "$bin" fuzz/swift/ConfigFuzzer.swift Sources/densa/Settings/ConfigFileLimits.swift "$OUT/modules/libConfiguration.a" "$OUT/modules/libYams.a" \
        "$OUT/modules/libCYaml.a" fuzz/build.sh || return 0
      echo "fuzz: $target"
      mapfile -d '' objects < <(find "$deps"/{SystemPackage,CSystem,DequeModule,InternalCollectionsUtilities}.build -name '*.o' -print0)
      "$SWIFTC" "${SWIFTFLAGS[@]}" -module-name ConfigFuzz fuzz/swift/ConfigFuzzer.swift \
        Sources/densa/Settings/ConfigFileLimits.swift -lConfiguration -lYams -lCYaml -lFoundation \
        "${objects[@]}" -o "$bin"
      ;;
    *)
      echo "fuzz: unknown target $target (targets: ${ALL[*]})" >&2
      return 2
      ;;
  esac
}

for t in "${TARGETS[@]}"; do build "$t"; done
