# Rules for a static library: set LIB and SRCS, then include this file.

include $(dir $(lastword $(MAKEFILE_LIST)))config.mk

OBJS =		$(addprefix $(OBJDIR)/,$(SRCS:.c=.o))
LIBFILE =	$(OBJDIR)/lib$(LIB).a

all: $(LIBFILE)

$(LIBFILE): $(OBJS)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $(OBJS)

$(OBJDIR)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

clean:
	rm -rf $(OBJDIR)

# A library's own pages (section 3) are installed with it.
install:
	@for m in $(MAN); do \
		s=$${m##*.}; \
		echo "$(INSTALL) -m 0644 $(TOP)/man/$$m $(DESTDIR)$(MANDIR)/man$$s/$$m"; \
		$(INSTALL) -d $(DESTDIR)$(MANDIR)/man$$s && \
		$(INSTALL) -m 0644 $(TOP)/man/$$m $(DESTDIR)$(MANDIR)/man$$s/$$m || exit 1; \
	done

.PHONY: all clean install

-include $(OBJS:.o=.d)
