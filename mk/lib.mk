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

install:

.PHONY: all clean install

-include $(OBJS:.o=.d)
