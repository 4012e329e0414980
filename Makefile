# turtle6: the top-level Makefile (GNU make).
#
#   make             build everything (gcc, -Werror) into build/cc
#   make SANITIZE=1  the same with ASan+UBSan, into build/cc-san
#   make check       deps, sanitizer build, every test; ends "N passed, M failed"
#   make demo        a lab in network namespaces (needs root)
#   make bench       benchmarks against the peer implementations
#   make fuzz        run every libFuzzer harness for FUZZTIME seconds
#   make lint        gcc and clang -Werror builds, mandoc -Tlint, cppcheck
#   make install     DESTDIR=, PREFIX= (default /usr/local)
#   make deps        install the Debian packages the build and tests need

include mk/config.mk

# Libraries first, then programs.
SUBDIR =	common rt6ctl route6d route6ctl bfdd bfdctl dhcp6/lib \
		dhcp6/dhcp6s dhcp6/dhcp6c dhcp6/dhcp6relay dhcp6/dhcp6ctl
TESTDIR =	tests/unit tests/fuzz

JOBS ?=		$(shell nproc 2>/dev/null || echo 2)
FUZZTIME ?=	60

all:
	@for d in $(SUBDIR); do \
		$(MAKE) -C $$d all || exit 1; \
	done

tests: all
	@for d in $(TESTDIR); do \
		$(MAKE) -C $$d all || exit 1; \
	done

deps:
	@sh mk/deps.sh

check: deps
	@$(MAKE) -s SANITIZE=1 tests >/dev/null
	@tests/run --build $(TOP)/build/$(notdir $(firstword $(CC)))-san \
	    --jobs $(JOBS) $(T)

demo: deps all
	@tests/demo/run --build $(BUILD)

bench: deps all
	@tests/bench/run --build $(BUILD)

fuzz: deps
	@$(MAKE) -C tests/fuzz fuzz FUZZTIME=$(FUZZTIME)

lint:
	@$(MAKE) -s CC=gcc all tests
	@$(MAKE) -s CC=clang all tests
	@tests/lint/man.sh
	@if command -v cppcheck >/dev/null; then \
		cppcheck -q --error-exitcode=1 --enable=warning,portability \
		    --inline-suppr -I common -I /usr/include/bsd \
		    -DLIBBSD_OVERLAY -D__linux__ $(SUBDIR); \
	fi

install: all
	@for d in $(SUBDIR); do \
		$(MAKE) -C $$d install || exit 1; \
	done
	$(MAKE) -C etc install

clean:
	rm -rf build

.PHONY: all tests deps check demo bench fuzz lint install clean
