# What the benchmark scripts of tests/bench share: their command line
# and the build they measure.  Source it with TOP set, then:
#
#	bench_args "$@"		--build DIR, -v, --report FILE: sets BUILD
#				(default $T6_BUILD or build/cc), VERBOSE,
#				REPORT_ONLY
#	bench_build		BUILD made absolute (FAIL if missing) and
#				T6_TOP, T6_BUILD, T6_BIN exported, before t6.sh

bench_args() {
	BUILD=${T6_BUILD:-$TOP/build/cc}
	VERBOSE=0
	REPORT_ONLY=""
	while [ $# -gt 0 ]; do
		case $1 in
		--build) BUILD=$2; shift 2 ;;
		--build=*) BUILD=${1#--build=}; shift ;;
		-v) VERBOSE=1; shift ;;
		--report) REPORT_ONLY=$2; shift 2 ;;
		*) echo "usage: $0 [--build DIR] [-v] [--report FILE]" >&2
		   exit 2 ;;
		esac
	done
}

bench_build() {
	local abs
	abs=$(cd "$BUILD" 2>/dev/null && pwd) ||
	    { echo "FAIL: no build in $BUILD"; exit 1; }
	BUILD=$abs
	T6_BUILD=$BUILD
	T6_BIN=$BUILD/bin
	T6_TOP=$TOP
	export T6_TOP T6_BUILD T6_BIN
}
