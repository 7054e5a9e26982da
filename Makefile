# newsindex - one non-recursive Makefile (GNU make).
#   make                 build libnewsindex.a, newsindex, newssearch into build/
#   make check           unit tests (Check) and end-to-end tests
#   make check SANITIZE=1  the same under ASan + UBSan (into build-san/)
#   make demo            index corpus/ and run two sample searches
#   make install PREFIX=/usr/local DESTDIR=
#   make clean
# V=1 shows the full command lines.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/newsindex
MANDIR  ?= $(PREFIX)/share/man
COMPDIR ?= $(PREFIX)/share/bash-completion/completions

CC  ?= cc
CXX ?= c++
PKG_CONFIG ?= pkg-config

ifeq ($(SANITIZE),1)
B := build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT := -O1 -g
# Leaks inside Xapian's own code (tests/lsan.supp says which, and why).
export LSAN_OPTIONS ?= suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
else
B := build
SANFLAGS :=
OPT := -O2 -g
endif

PKGS := xapian-core libxml-2.0 zlib jansson libutf8proc
DEPCFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS))
DEPLIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS)) -lpthread
CHECKCFLAGS := $(shell $(PKG_CONFIG) --cflags check)
CHECKLIBS   := $(shell $(PKG_CONFIG) --libs check)

WARN := -Wall -Wextra -Werror
CPPFLAGS_ALL := -Iinclude -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
    -DNX_DATADIR='"$(DATADIR)"' $(CPPFLAGS)
CFLAGS_ALL   := -std=c11 $(OPT) $(WARN) $(SANFLAGS) $(DEPCFLAGS) -MMD -MP $(CFLAGS)
CXXFLAGS_ALL := -std=c++17 $(OPT) $(WARN) $(SANFLAGS) $(DEPCFLAGS) -MMD -MP $(CXXFLAGS)
LDFLAGS_ALL  := $(SANFLAGS) $(LDFLAGS)

ifneq ($(V),1)
Q := @
say = printf '  %-6s %s\n' $(1) $(2);
else
Q :=
say :=
endif

LIB_C   := $(sort $(wildcard lib/*.c))
LIB_CXX := $(sort $(wildcard lib/xapian/*.cc))
IDX_C   := $(sort $(wildcard indexer/*.c indexer/*/*.c))
SRCH_C  := $(sort $(wildcard searcher/*.c searcher/*/*.c))
TEST_C  := $(sort $(wildcard tests/check_*.c))

LIB_O  := $(LIB_C:%.c=$(B)/%.o) $(LIB_CXX:%.cc=$(B)/%.o)
IDX_O  := $(IDX_C:%.c=$(B)/%.o)
SRCH_O := $(SRCH_C:%.c=$(B)/%.o)
# Unit tests may exercise indexer stages (parsers); the indexer's main() is
# kept out of that object list.
IDX_LIB_O := $(filter-out $(B)/indexer/main.o,$(IDX_O))
TEST_BIN  := $(TEST_C:tests/%.c=$(B)/tests/%)

LIBA := $(B)/libnewsindex.a
IDXA := $(B)/libnxindexer.a
NEWSINDEX  := $(B)/newsindex
NEWSSEARCH := $(B)/newssearch

.PHONY: all check unit e2e valgrind demo install uninstall clean deps-flags deps-libs
.SECONDARY:
all: $(NEWSINDEX) $(NEWSSEARCH)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(Q)$(call say,CC,$<)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -c $< -o $@

$(B)/%.o: %.cc
	@mkdir -p $(@D)
	$(Q)$(call say,CXX,$<)$(CXX) $(CPPFLAGS_ALL) $(CXXFLAGS_ALL) -c $< -o $@

$(LIBA): $(LIB_O)
	$(Q)$(call say,AR,$@)rm -f $@ && ar rcs $@ $^

# The indexer's rooms include each other's headers by folder ("parse/parse.h").
$(IDX_O) $(B)/tests/check_parse.o: CPPFLAGS_ALL += -Iindexer

$(IDXA): $(IDX_LIB_O)
	$(Q)$(call say,AR,$@)rm -f $@ && ar rcs $@ $^

# Programs that contain the shim link with the C++ driver.
$(NEWSINDEX): $(B)/indexer/main.o $(IDXA) $(LIBA)
	$(Q)$(call say,LINK,$@)$(CXX) $(LDFLAGS_ALL) -o $@ $^ $(DEPLIBS)

$(NEWSSEARCH): $(SRCH_O) $(LIBA)
	$(Q)$(call say,LINK,$@)$(CXX) $(LDFLAGS_ALL) -o $@ $^ $(DEPLIBS)

$(B)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(Q)$(call say,CC,$<)$(CC) $(CPPFLAGS_ALL) -Iindexer -Isearcher $(CFLAGS_ALL) $(CHECKCFLAGS) -c $< -o $@

$(B)/tests/%: $(B)/tests/%.o $(IDXA) $(LIBA)
	$(Q)$(call say,LINK,$@)$(CXX) $(LDFLAGS_ALL) -o $@ $^ $(CHECKLIBS) $(DEPLIBS)

# The unit tests of newssearch's rooms link its objects (all but main.o).
SRCH_TESTS := $(B)/tests/check_query $(B)/tests/check_output $(B)/tests/check_shards
$(SRCH_TESTS): $(B)/tests/%: $(B)/tests/%.o $(filter-out $(B)/searcher/main.o,$(SRCH_O)) $(IDXA) $(LIBA)
	$(Q)$(call say,LINK,$@)$(CXX) $(LDFLAGS_ALL) -o $@ $^ $(CHECKLIBS) $(DEPLIBS)

check: unit e2e

unit: $(TEST_BIN)
	$(Q)NX_DATA_DIR=$(CURDIR)/data sh tests/run-unit.sh $(TEST_BIN)

e2e: $(NEWSINDEX) $(NEWSSEARCH)
	$(Q)NX_BUILD=$(CURDIR)/$(B) sh tests/e2e.sh

# The unit tests, and the programs on corpus/ and hostile files, under
# valgrind (memcheck): any error or definite leak fails.
VALGRIND := valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite
valgrind: $(TEST_BIN) $(NEWSINDEX) $(NEWSSEARCH)
	$(Q)CK_FORK=no NX_TIME_FACTOR=20 NX_VALGRIND='$(VALGRIND)' NX_DATA_DIR=$(CURDIR)/data sh tests/run-unit.sh $(TEST_BIN)
	$(Q)VALGRIND='$(VALGRIND)' NX_BUILD=$(CURDIR)/$(B) sh tests/valgrind-programs.sh

DEMO_DB ?= $(HOME)/.local/share/newsindex/demo.db
demo: $(NEWSINDEX) $(NEWSSEARCH)
	$(Q)sh scripts/demo.sh $(B) '$(DEMO_DB)'

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPDIR)
	install -m 755 $(NEWSINDEX) $(NEWSSEARCH) $(DESTDIR)$(BINDIR)/
	install -m 644 data/sources.tsv data/countries.tsv data/topics.tsv $(DESTDIR)$(DATADIR)/
	install -m 644 docs/newsindex.1 docs/newssearch.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 contrib/newssearch.bash-completion $(DESTDIR)$(COMPDIR)/newssearch
	install -m 644 contrib/newsindex.bash-completion $(DESTDIR)$(COMPDIR)/newsindex

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/newsindex $(DESTDIR)$(BINDIR)/newssearch
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(DESTDIR)$(MANDIR)/man1/newsindex.1 $(DESTDIR)$(MANDIR)/man1/newssearch.1
	rm -f $(DESTDIR)$(COMPDIR)/newssearch $(DESTDIR)$(COMPDIR)/newsindex

clean:
	rm -rf build build-san

-include $(shell find build build-san -name '*.d' 2>/dev/null)

# ---- fuzzing (tests/fuzz/README.md) ----------------------------------------
# libFuzzer targets, built with clang in a build directory of their own:
# the library, indexer and searcher objects with
# -fsanitize=fuzzer-no-link,address,undefined, the targets linked with
# -fsanitize=fuzzer (Debian 12: clang, libclang-rt-14-dev).
#   make fuzz              the targets and their seed corpora, into build-fuzz/
#   make fuzz-smoke        each target for FUZZ_TIME seconds on its seeds and
#                          regression inputs; fails on any crash, leak,
#                          timeout (FUZZ_TIMEOUT s for one input) or
#                          out-of-memory (FUZZ_RSS_MB); -j2 runs two at once
#   make fuzz-smoke-fuzz_date   one target
#   make fuzz-clean        also the coverage build (tests/fuzz/coverage.sh)
FZ       ?= build-fuzz
FZ_CC    ?= clang
FZ_CXX   ?= clang++
FZ_SAN   ?= -fsanitize=address,undefined -fno-sanitize-recover=all
FZ_EXTRA ?=
FUZZ_TIME    ?= 20
FUZZ_TIMEOUT ?= 10
FUZZ_RSS_MB  ?= 2048

FZ_CPP    := $(CPPFLAGS_ALL) -Iindexer -Isearcher
FZ_FLAGS  := -O1 -g -fno-omit-frame-pointer $(FZ_SAN) -fsanitize=fuzzer-no-link $(FZ_EXTRA) \
    -Wall -Wextra $(DEPCFLAGS) -MMD -MP
# Code that calls an undeclared function links but breaks at run time:
# never a binary from it.
FZ_CONLY  := -std=c11 -Werror=implicit-function-declaration -Werror=int-conversion
FZ_LIB_O  := $(LIB_C:%.c=$(FZ)/%.o) $(LIB_CXX:%.cc=$(FZ)/%.o)
FZ_IDX_O  := $(patsubst %.c,$(FZ)/%.o,$(filter-out indexer/main.c,$(IDX_C)))
FZ_SRCH_O := $(patsubst %.c,$(FZ)/%.o,$(filter-out searcher/main.c,$(SRCH_C)))
FZ_LIBS   := $(FZ)/libnxindexer.a $(FZ)/libnxsearcher.a $(FZ)/libnewsindex.a
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))

.PHONY: fuzz fuzz-smoke fuzz-clean
fuzz: $(FUZZ_TARGETS:%=$(FZ)/%) $(FZ)/seeds/COUNTS

$(FZ)/%.o: %.c
	@mkdir -p $(@D)
	$(Q)$(call say,FZCC,$<)$(FZ_CC) $(FZ_CPP) $(FZ_CONLY) $(FZ_FLAGS) -c $< -o $@

$(FZ)/%.o: %.cc
	@mkdir -p $(@D)
	$(Q)$(call say,FZCXX,$<)$(FZ_CXX) $(FZ_CPP) -std=c++17 $(FZ_FLAGS) -c $< -o $@

# The targets themselves compile without a warning.
$(FZ)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(Q)$(call say,FZCC,$<)$(FZ_CC) $(FZ_CPP) $(FZ_CONLY) $(FZ_FLAGS) -Werror -c $< -o $@

$(FZ)/libnewsindex.a: $(FZ_LIB_O)
	$(Q)$(call say,AR,$@)rm -f $@ && ar rcs $@ $^
$(FZ)/libnxindexer.a: $(FZ_IDX_O)
	$(Q)$(call say,AR,$@)rm -f $@ && ar rcs $@ $^
$(FZ)/libnxsearcher.a: $(FZ_SRCH_O)
	$(Q)$(call say,AR,$@)rm -f $@ && ar rcs $@ $^

$(FZ)/fuzz_%: $(FZ)/tests/fuzz/fuzz_%.o $(FZ_LIBS)
	$(Q)$(call say,LINK,$@)$(FZ_CXX) -fsanitize=fuzzer $(FZ_SAN) $(FZ_EXTRA) -o $@ $^ $(DEPLIBS)

$(FZ)/seeds/COUNTS: tests/fuzz/seeds.sh tests/make-hostile.sh data/sources.tsv \
    $(shell find corpus bench/topic-modern/articles -type f 2>/dev/null)
	$(Q)$(call say,SEEDS,$(FZ)/seeds)sh tests/fuzz/seeds.sh $(FZ)/seeds

fuzz-smoke: $(FUZZ_TARGETS:%=fuzz-smoke-%)
fuzz-smoke-%: $(FZ)/% $(FZ)/seeds/COUNTS
	$(Q)FZ=$(FZ) FUZZ_TIMEOUT=$(FUZZ_TIMEOUT) FUZZ_RSS_MB=$(FUZZ_RSS_MB) \
	    sh tests/fuzz/run.sh smoke $* $(FUZZ_TIME)

fuzz-clean:
	rm -rf $(FZ) build-fuzz-cov
clean: fuzz-clean

-include $(shell find $(FZ) -name '*.d' 2>/dev/null)

# The libraries' flags, for scripts that build against build/ (bench/).
deps-flags:
	@echo $(DEPCFLAGS)
deps-libs:
	@echo $(DEPLIBS) -lm
