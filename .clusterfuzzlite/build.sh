#!/bin/bash -eu
# ClusterFuzzLite entry point: the build lives in ci/oss-fuzz-build.sh.
exec "$SRC/vmfuzz/ci/oss-fuzz-build.sh"
