# Build settings shared by every turtle6 Makefile: compiler, flags, paths.
#
# Objects and programs go under $(BUILD), which by default depends on the
# compiler and on SANITIZE, so gcc, clang and sanitizer builds live side by
# side: build/cc, build/cc-san, build/clang, build/clang-san.

TOP :=		$(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)

SANITIZE ?=	0
YACC =		bison -y

ifeq ($(SANITIZE),1)
BUILD ?=	$(TOP)/build/$(notdir $(firstword $(CC)))-san
else
BUILD ?=	$(TOP)/build/$(notdir $(firstword $(CC)))
endif
override BUILD := $(abspath $(BUILD))

BINDIR_B =	$(BUILD)/bin
LIBCOMMON =	$(BUILD)/common/libcommon.a

PKGS =		libbsd-overlay libmnl
PKG_CFLAGS :=	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS :=	$(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS :=	$(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS :=	$(shell pkg-config --libs check 2>/dev/null)

WARN =		-Wall -Wextra -Werror -Wshadow -Wpointer-arith \
		-Wmissing-prototypes -Wstrict-prototypes -Wformat=2 \
		-Wno-unused-parameter
OPT ?=		-O2 -g
CPPFLAGS +=	-D_GNU_SOURCE -I$(TOP)/common
CFLAGS +=	-std=gnu11 $(OPT) $(WARN) $(PKG_CFLAGS)
LDLIBS +=	$(PKG_LIBS)

ifeq ($(SANITIZE),1)
SANFLAGS =	-fsanitize=address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=undefined
CFLAGS +=	$(SANFLAGS)
LDFLAGS +=	$(SANFLAGS)
endif

PREFIX ?=	/usr/local
DESTDIR ?=
SBINDIR ?=	$(PREFIX)/sbin
MANDIR ?=	$(PREFIX)/share/man
SYSCONFDIR ?=	/etc
INSTALL ?=	install

# The directory of the including Makefile, relative to TOP: objects of
# route6d/ go to $(BUILD)/route6d/.
SRCDIR :=	$(abspath $(dir $(firstword $(MAKEFILE_LIST))))
REL :=		$(patsubst $(TOP)/%,%,$(SRCDIR))
OBJDIR :=	$(BUILD)/$(REL)
