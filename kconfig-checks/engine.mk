# SPDX-License-Identifier: GPL-2.0-only
#
# Builds kcheck-worker for one kernel tree: the tree's own scripts/kconfig
# sources (never modified, compiled out of tree) linked with kcheck's worker.
#
#   make -f engine.mk SRC=/path/to/tree OUT=/path/to/engine/dir [SANITIZE=1] [HOOKS=0]
#
# engine.sh picks OUT from a hash of everything that goes in, so a build
# is reused until the tree's kconfig sources or kcheck change.

HERE := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
KC := $(SRC)/scripts/kconfig
S := $(HERE)/src

# The sanitizer build also checks, on every call, that what kcheck answers
# for the tree's code is what the tree's code would (hooks.h).
ifeq ($(SANITIZE),1)
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
CHECKS := -DKCHECK_CHECK_TREE_HOOKS
endif

# HOOKS=0 (engine.sh: the tree's kconfig code is not one the hooks were
# proved on, hooks.proved): the tree's own functions answer, unchanged.
ifeq ($(HOOKS),0)
CHECKS := -DKCHECK_NO_TREE_HOOKS
EXPR_HOOKS :=
SYMBOL_HOOKS :=
WRAP :=
else
EXPR_HOOKS := -include $(S)/hooks/exprhash.h -include $(S)/hooks/exprvalue.h
SYMBOL_HOOKS := -include $(S)/hooks/choicemenu.h
WRAP := -Wl,--wrap=expr_invalidate_all
endif

# The tree's parsed model is some hundred thousand small objects (symbols,
# properties, expressions, menus) that every configuration walks twice;
# jemalloc keeps objects of one size class together, where glibc's malloc
# interleaves them with the parse's strings, help texts and freed
# temporaries.  Resolving a configuration walks far fewer cache lines and
# pages (docs/measurements.md: powerpc's 74 defconfigs 0.89 s instead of 1.52 s).
# Not under the sanitizers, which bring their own allocator.
ifneq ($(SANITIZE),1)
MALLOC := -ljemalloc
endif

# The tree's code, built as its own Makefile builds it (HOSTCFLAGS).
KCFLAGS := -O2 -std=gnu11 -fomit-frame-pointer -w -I$(KC) -I$(SRC)/scripts/include -I$(OUT) $(SAN)
# kcheck's code.
CFLAGS := -O2 -g -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes -I$(S)/lib -I$(S)/kconfig -I$(S)/hooks -I$(S)/cache -I$(S)/worker -I$(S)/sat $(SAN) $(CHECKS)

KOBJS := $(addprefix $(OUT)/k-,confdata.o expr.o lexer.lex.o menu.o parser.tab.o preprocess.o symbol.o util.o)
OBJS := $(addprefix $(OUT)/,worker.o serve.o merge.o rules.o util.o protocol.o treeconf.o hooks.o shellcache.o ident.o inputs.o modelwire.o)

SATOBJS := $(addprefix $(OUT)/,satworker.o satquery.o satredund.o satverify.o satsample.o satimply.o satenc.o satmodel.o treeconf.o hooks.o rules.o util.o protocol.o shellcache.o ident.o inputs.o)

all: $(OUT)/kcheck-worker $(OUT)/kcheck-sat

$(OUT)/lexer.lex.c: $(KC)/lexer.l
	flex -o$@ -L $<

$(OUT)/parser.tab.c: $(KC)/parser.y
	bison -o $@ --defines=$(OUT)/parser.tab.h -t -l $<

$(OUT)/parser.tab.h: $(OUT)/parser.tab.c

# sourced files are opened through kcheck_fopen() (treeconf.c)
$(OUT)/k-lexer.lex.o: $(OUT)/lexer.lex.c $(OUT)/parser.tab.h
	$(CC) $(KCFLAGS) -Dfopen=kcheck_fopen -c -o $@ $<

$(OUT)/k-parser.tab.o: $(OUT)/parser.tab.c
	$(CC) $(KCFLAGS) -c -o $@ $<

# $(shell ...) in Kconfig goes through shellcache.c (see there).
$(OUT)/k-preprocess.o: $(KC)/preprocess.c
	$(CC) $(KCFLAGS) -Dpopen=kcheck_popen -Dpclose=kcheck_pclose -include $(S)/cache/shellcache.h -c -o $@ $<

# expr.c's hash table gets a better hash (see exprhash.h); hooks.c sees
# which expressions cache a value (exprvalue.h).
$(OUT)/k-expr.o: $(KC)/expr.c $(S)/hooks/exprhash.h $(S)/hooks/exprvalue.h
	$(CC) $(KCFLAGS) $(EXPR_HOOKS) -c -o $@ $<

# sym_get_choice_menu() answered from what hooks.c records (choicemenu.h).
$(OUT)/k-symbol.o: $(KC)/symbol.c $(S)/hooks/choicemenu.h
	$(CC) $(KCFLAGS) $(SYMBOL_HOOKS) -c -o $@ $<

$(OUT)/k-%.o: $(KC)/%.c
	$(CC) $(KCFLAGS) -c -o $@ $<

$(OUT)/libkconfig.a: $(KOBJS)
	rm -f $@
	$(AR) rcs $@ $^

# treeconf.c includes the tree's conf.c: kernel include paths, our warnings.
$(OUT)/treeconf.o: $(S)/kconfig/treeconf.c $(S)/kconfig/treeconf.h $(S)/hooks/hooks.h $(S)/lib/selectrule.h $(OUT)/parser.tab.h
	$(CC) $(CFLAGS) -I$(KC) -I$(SRC)/scripts/include -c -o $@ $<

# hooks.c replaces two of the tree's functions (hooks.h): kernel include paths.
$(OUT)/hooks.o: $(S)/hooks/hooks.c $(S)/hooks/hooks.h $(S)/hooks/choicemenu.h $(S)/hooks/exprvalue.h $(OUT)/parser.tab.h
	$(CC) $(CFLAGS) -I$(KC) -I$(SRC)/scripts/include -c -o $@ $<

# satmodel.c reads the tree's parsed model: kernel include paths.
$(OUT)/satmodel.o: $(S)/sat/satmodel.c $(S)/sat/satmodel.h $(S)/lib/selectrule.h $(OUT)/parser.tab.h
	$(CC) $(CFLAGS) -I$(KC) -I$(SRC)/scripts/include -c -o $@ $<

vpath %.c $(S)/lib $(S)/kconfig $(S)/hooks $(S)/cache $(S)/worker $(S)/sat
$(OUT)/%.o: %.c $(wildcard $(S)/*/*.h)
	$(CC) $(CFLAGS) -c -o $@ $<

$(OUT)/kcheck-worker: $(OBJS) $(OUT)/libkconfig.a
	$(CC) $(SAN) $(WRAP) -o $@ $^ $(MALLOC)

# The all-configurations mode: CaDiCaL (a C++ library: its runtime), and menu_finalize() wrapped so that
# satmodel.c sees each entry's own 'depends on' before it is merged.
$(OUT)/kcheck-sat: $(SATOBJS) $(OUT)/libkconfig.a
	$(CC) $(SAN) -pthread $(WRAP) -Wl,--wrap=menu_finalize -o $@ $^ -lcadical -lstdc++ -lm

.PHONY: all
