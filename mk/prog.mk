# Rules for one program: set PROG, SRCS (.c and .y), MAN and LDADD, then
# include this file.  The program lands in $(BUILD)/bin.

include $(dir $(lastword $(MAKEFILE_LIST)))config.mk

YSRCS =		$(filter %.y,$(SRCS))
CSRCS =		$(filter %.c,$(SRCS))
OBJS =		$(addprefix $(OBJDIR)/,$(CSRCS:.c=.o) $(YSRCS:.y=.o))
PROGFILE =	$(BINDIR_B)/$(PROG)
CPPFLAGS +=	-I$(SRCDIR) -I$(OBJDIR)

all: $(PROGFILE)

$(PROGFILE): $(OBJS) $(LIBCOMMON)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LIBCOMMON) $(LDADD) $(LDLIBS)

$(OBJDIR)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# make's built-in yacc rule would write parse.c next to parse.y (and
# win over ours, its source being in the current directory): cancel it.
%.c: %.y

# Generated parsers are compiled without the warnings bison's skeleton
# trips; the grammar's own actions are still checked by -Werror.
$(OBJDIR)/%.c: %.y
	@mkdir -p $(@D)
	$(YACC) -d -o $@ $<

$(OBJDIR)/%.o: $(OBJDIR)/%.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes -Wno-sign-compare \
	    -Wno-unused-but-set-variable -MMD -MP -c -o $@ $<

$(LIBCOMMON):
	$(MAKE) -C $(TOP)/common

install: $(PROGFILE)
	$(INSTALL) -d $(DESTDIR)$(SBINDIR)
	$(INSTALL) -m 0755 $(PROGFILE) $(DESTDIR)$(SBINDIR)/$(PROG)
	@for m in $(MAN); do \
		s=$${m##*.}; \
		echo "$(INSTALL) -m 0644 $(TOP)/man/$$m $(DESTDIR)$(MANDIR)/man$$s/$$m"; \
		$(INSTALL) -d $(DESTDIR)$(MANDIR)/man$$s && \
		$(INSTALL) -m 0644 $(TOP)/man/$$m $(DESTDIR)$(MANDIR)/man$$s/$$m || exit 1; \
	done

clean:
	rm -rf $(OBJDIR) $(PROGFILE)

.PHONY: all clean install

-include $(OBJS:.o=.d)
