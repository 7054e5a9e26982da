// shim.cc - the C shim over xapian-core. The only file that includes
// <xapian.h>. Every extern "C" function catches every exception (see
// map_exception) so that none crosses into C.
#include "newsindex/xap.h"

#include <utf8proc.h>
#include <xapian.h>

#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

struct xap_db {
    Xapian::Database *rd = nullptr;          // reader view (== wr when writable)
    Xapian::WritableDatabase *wr = nullptr;  // null when read-only
    bool in_txn = false;
    // Spelling data gathered since the last commit: add_spelling() per
    // word and document costs a look-up inside Xapian each time; summing
    // here and adding once per commit is cheaper.
    std::unordered_map<std::string, unsigned> spell;
    bool hold_spell = false; // commits leave spell alone (xap_db_hold_spellings)
    bool remote = false;  // a remote shard is among the databases read
    std::string skipped;  // shards left out (xap_source_t.allow_partial)
};
struct xap_spell {
    std::unordered_map<std::string, unsigned> words;
};
struct xap_doc {
    Xapian::Document doc;
    // The unprefixed words of the text and how often each was read: the
    // spelling data (xap_db_add_spellings). The index holds stems only.
    std::unordered_map<std::string, unsigned> words;
};
namespace {
class CachedStem;
}
struct xap_tg {
    Xapian::TermGenerator tg;
    Xapian::SimpleStopper stopper;
    CachedStem *stem = nullptr; // owned by tg's stemmer
    xap_doc *doc = nullptr;     // the document being indexed
};
struct xap_query {
    Xapian::Query q;
};

namespace {

nx_status_t fail(nx_error_t *err, nx_status_t code, const std::string &msg)
{
    if (err) {
        err->code = code;
        std::snprintf(err->msg, sizeof err->msg, "%s", msg.c_str());
    }
    return code;
}

// Rethrow the active exception and classify it, most derived classes first.
nx_status_t map_exception(nx_error_t *err)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        return fail(err, NX_E_LOCKED, e.get_description());
    } catch (const Xapian::DatabaseModifiedError &e) {
        return fail(err, NX_E_MODIFIED, e.get_description());
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return fail(err, NX_E_NO_INDEX, e.get_description());
    } catch (const Xapian::DatabaseVersionError &e) {
        return fail(err, NX_E_VERSION, e.get_description());
    } catch (const Xapian::DatabaseCorruptError &e) {
        return fail(err, NX_E_CORRUPT, e.get_description());
    } catch (const Xapian::DatabaseOpeningError &e) {
        return fail(err, NX_E_NO_INDEX, e.get_description());
    } catch (const Xapian::NetworkError &e) {
        // A remote shard: refused, unreachable, timed out, or gone.
        return fail(err, NX_E_NETWORK, e.get_description());
    } catch (const Xapian::WildcardError &e) {
        // A wildcard that matches more words than set_max_expansion allows
        // ("Wildcard a* expands to more than 1000 terms").
        return fail(err, NX_E_LIMIT, e.get_msg());
    } catch (const Xapian::QueryParserError &e) {
        // The query string cannot be parsed. Xapian starts the message of
        // a grammar error with "Syntax: "; the caller gets it without.
        static const char syntax[] = "Syntax: ";
        const std::string &m = e.get_msg();
        if (m.compare(0, sizeof syntax - 1, syntax) == 0)
            return fail(err, NX_E_SYNTAX, m.substr(sizeof syntax - 1));
        return fail(err, NX_E_SYNTAX, m);
    } catch (const Xapian::Error &e) {
        // A full disk is the user's to fix, not a Xapian problem.
        const char *why = e.get_error_string();
        if (why && std::strstr(why, std::strerror(ENOSPC)))
            return fail(err, NX_E_FULL, e.get_description());
        return fail(err, NX_E_XAPIAN, e.get_description());
    } catch (const std::bad_alloc &) {
        return fail(err, NX_E_NOMEM, "out of memory");
    } catch (const std::exception &e) {
        return fail(err, NX_E_INTERNAL, e.what());
    } catch (...) {
        return fail(err, NX_E_INTERNAL, "unknown C++ exception");
    }
}

char *copy_out(const std::string &s)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p)
        throw std::bad_alloc();
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

// English stop words: the Snowball list's most frequent function words
// (the same set Omega and most Xapian deployments use).
const char *const stopwords[] = {
    "a", "about", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for",
    "from", "had", "has", "have", "he", "her", "his", "i", "if", "in", "into", "is",
    "it", "its", "of", "on", "or", "our", "she", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "to", "was", "we", "were",
    "which", "who", "will", "with", "would", "you", nullptr};

void add_stopwords(Xapian::SimpleStopper &s)
{
    for (const char *const *w = stopwords; *w; w++)
        s.add(*w);
}

// A word as the index holds it is folded, then stemmed. Folding: its
// accents and other combining marks taken away and its case folded
// (utf8proc: canonical decomposition, marks stripped, composed again), so
// "Zinédine" and "zinedine" are one word, at index and query time alike.
// ASCII, nearly every word of English news, is left as it is. Marks are
// stripped in every script (a Devanagari vowel sign too): such words stay
// findable, folded the same way on both sides, but may meet others.
std::string fold(const std::string &word)
{
    size_t i = 0;
    while (i < word.size() && static_cast<unsigned char>(word[i]) < 0x80)
        i++;
    if (i == word.size())
        return word;
    utf8proc_uint8_t *out = nullptr;
    utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t *>(word.data()),
                                      static_cast<utf8proc_ssize_t>(word.size()), &out,
                                      static_cast<utf8proc_option_t>(UTF8PROC_STABLE |
                                                                     UTF8PROC_COMPOSE |
                                                                     UTF8PROC_STRIPMARK |
                                                                     UTF8PROC_CASEFOLD));
    if (n < 0) // not valid UTF-8: as it is
        return word;
    std::string r(reinterpret_cast<const char *>(out), static_cast<size_t>(n));
    std::free(out);
    return r;
}

// Snowball stemming is about a third of TermGenerator's time, and news
// vocabulary is Zipfian: a per-thread cache of word -> stem removes most
// of it. Bounded: emptied when it reaches MAX entries. The stem of a word
// everywhere the index's terms are met (TermGenerator, QueryParser,
// snippets, --top-terms): folded, then stemmed (fold).
class CachedStem : public Xapian::StemImplementation {
  public:
    explicit CachedStem(const char *lang)
        : stem_(lang && *lang ? lang : "english"), lang_(lang && *lang ? lang : "english")
    {
    }
    std::string operator()(const std::string &word) override
    {
        // TermGenerator stems each word it keeps (stop words and words
        // over its length bound never get here), lowercased: the words
        // the spelling data is made of.
        if (words)
            (*words)[word]++;
        auto it = cache_.find(word);
        if (it != cache_.end())
            return it->second;
        if (cache_.size() >= MAX)
            cache_.clear();
        std::string s = stem_(fold(word));
        cache_.emplace(word, s);
        return s;
    }
    std::string get_description() const override { return "folded, cached " + lang_; }

    std::unordered_map<std::string, unsigned> *words = nullptr; // where words are counted

  private:
    static constexpr size_t MAX = 200000;
    Xapian::Stem stem_;
    std::string lang_;
    std::unordered_map<std::string, std::string> cache_;
};

Xapian::Stem make_stem(const char *lang)
{
    return Xapian::Stem(new CachedStem(lang));
}

// What a writer changes at an index's path: a commit replaces the version
// file (iamglass) by a rename, a build from nothing (newsindex --full)
// exchanges the whole directory. Inode numbers alone are reused (two
// commits in a row gave the version file its old inode back), hence the
// times and size too.
struct path_state {
    dev_t dev = 0;
    ino_t dir = 0, ver = 0;
    long long mtime = 0, ctime = 0;
    off_t size = 0;
    bool same_dir(const path_state &o) const { return dev == o.dev && dir == o.dir; }
    bool operator==(const path_state &o) const
    {
        return same_dir(o) && ver == o.ver && mtime == o.mtime && ctime == o.ctime &&
               size == o.size;
    }
};

path_state stat_path(const char *path)
{
    path_state s;
    struct stat st;
    if (stat(path, &st) == 0) {
        s.dev = st.st_dev;
        s.dir = st.st_ino;
    }
    if (stat((std::string(path) + "/iamglass").c_str(), &st) == 0) {
        s.ver = st.st_ino;
        s.mtime = st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
        s.ctime = st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec;
        s.size = st.st_size;
    }
    return s;
}

// A reader reads the version file and then opens each table, all by path.
// When newsindex --full exchanges the directory in between, the old
// version file's roots and statistics meet the new index's tables, and
// Xapian checks neither (with equal revisions, as two builds from nothing
// have, nothing fails: reads go wrong, or "Document N not found"). So the
// open is done again when the directory changed while it ran, or when it
// failed while a commit replaced the version file. A few tries: each
// exchange or commit takes the writer far longer than an open.
Xapian::Database *open_reader(const char *path)
{
    for (int tries = 1;; tries++) {
        path_state before = stat_path(path);
        std::unique_ptr<Xapian::Database> rd;
        try {
            rd.reset(new Xapian::Database(path));
        } catch (...) {
            if (tries >= 4 || stat_path(path) == before)
                throw;
            continue;
        }
        if (tries >= 4 || stat_path(path).same_dir(before))
            return rd.release();
    }
}

// The revision a reader sees: the index's UUID (a build from nothing makes
// a new one) and its revision (each commit adds one).
std::string reader_state(const Xapian::Database &db)
{
    try {
        return db.get_uuid() + "@" + std::to_string(db.get_revision());
    } catch (...) {
        return std::string();
    }
}

void sleep_ms(unsigned ms)
{
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (long)(ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) != 0) {
    }
}

} // namespace

extern "C" {

/* ---- databases ---- */

nx_status_t xap_db_open(const char *path, xap_open_mode_t mode, xap_db **out, nx_error_t *err)
{
    *out = nullptr;
    xap_db *db = nullptr;
    try {
        db = new xap_db;
        if (mode == XAP_OPEN_READ) {
            db->rd = open_reader(path);
        } else {
            int action = mode == XAP_OPEN_WRITE || mode == XAP_OPEN_SCRATCH_KEEP
                             ? Xapian::DB_CREATE_OR_OPEN
                             : Xapian::DB_CREATE_OR_OVERWRITE;
            if (mode == XAP_OPEN_SCRATCH || mode == XAP_OPEN_SCRATCH_KEEP)
                action |= Xapian::DB_NO_SYNC;
            db->wr = new Xapian::WritableDatabase(path, action | Xapian::DB_BACKEND_GLASS);
            db->rd = db->wr;
        }
        *out = db;
        return NX_OK;
    } catch (...) {
        delete db;
        return map_exception(err);
    }
}

void xap_db_close(xap_db *db)
{
    if (!db)
        return;
    try {
        if (db->wr) {
            if (db->in_txn)
                db->wr->cancel_transaction();
            db->wr->close();
            delete db->wr;
        } else {
            delete db->rd;
        }
    } catch (...) {
        // Nothing to report to: close is best effort, data is as of the
        // last commit.
    }
    delete db;
}

} // extern "C"

namespace {

// One shard opened on its own: a local index through open_reader (the
// exchange-safe open), a remote one through xapian-tcpsrv's protocol.
Xapian::Database open_shard(const xap_shard_t &sh, unsigned timeout_ms)
{
    if (sh.host)
        return Xapian::Remote::open(sh.host, sh.port, timeout_ms, timeout_ms);
    std::unique_ptr<Xapian::Database> rd(open_reader(sh.path));
    return *rd;
}

// Open src's shards that are not dropped as one database into *out, and
// what each one is at (reader_state, joined) into state. A shard that
// fails is named in the message; under allow_partial it is left out,
// dropped and named in the database's skipped list.
nx_status_t open_source(const xap_source_t *src, std::vector<char> &dropped,
                        std::vector<std::string> &why, xap_db **out, std::string &state,
                        nx_error_t *err)
{
    *out = nullptr;
    const unsigned timeout = src->timeout_ms ? src->timeout_ms : XAP_REMOTE_TIMEOUT_MS;
    if (src->n == 1 && !src->shards[0].host) {
        nx_status_t st = xap_db_open(src->shards[0].path, XAP_OPEN_READ, out, err);
        if (st == NX_OK)
            state = reader_state(*(*out)->rd);
        return st;
    }
    std::unique_ptr<xap_db> db(new xap_db);
    std::unique_ptr<Xapian::Database> all(new Xapian::Database);
    size_t opened = 0;
    state.clear();
    for (size_t i = 0; i < src->n; i++) {
        const xap_shard_t &sh = src->shards[i];
        if (dropped[i])
            continue;
        nx_error_t e;
        e.code = NX_OK;
        e.msg[0] = '\0';
        nx_status_t st;
        try {
            Xapian::Database one = open_shard(sh, timeout);
            state += reader_state(one) + ",";
            all->add_database(one);
            opened++;
            db->remote |= sh.host != nullptr;
            continue;
        } catch (...) {
            st = map_exception(&e);
        }
        if (!src->allow_partial || st == NX_E_MODIFIED)
            return fail(err, st, std::string(sh.name) + ": " + e.msg);
        dropped[i] = 1;
        why[i] = e.msg;
    }
    for (size_t i = 0; i < src->n; i++)
        if (dropped[i])
            db->skipped += std::string(db->skipped.empty() ? "" : "; ") + src->shards[i].name +
                           " (" + why[i] + ")";
    if (opened == 0)
        return fail(err, NX_E_NETWORK, "no shard could be opened: " + db->skipped);
    db->rd = all.release();
    *out = db.release();
    return NX_OK;
}

// After fn failed with NX_E_NETWORK under allow_partial: each remote shard
// still in is opened and asked for its document count; those that fail
// are dropped. Returns whether one was.
bool drop_silent(const xap_source_t *src, std::vector<char> &dropped,
                 std::vector<std::string> &why)
{
    const unsigned timeout = src->timeout_ms ? src->timeout_ms : XAP_REMOTE_TIMEOUT_MS;
    bool any = false;
    for (size_t i = 0; i < src->n; i++) {
        if (dropped[i] || !src->shards[i].host)
            continue;
        try {
            (void)open_shard(src->shards[i], timeout).get_doccount();
        } catch (...) {
            nx_error_t e;
            map_exception(&e);
            dropped[i] = 1;
            why[i] = e.msg;
            any = true;
        }
    }
    return any;
}

} // namespace

extern "C" {

nx_status_t xap_db_read(const char *path, const xap_retry_t *policy, xap_read_fn fn, void *ctx,
                        unsigned *attempts, nx_error_t *err)
{
    xap_shard_t one = {path, nullptr, 0, path};
    xap_source_t src = {&one, 1, 0, 0};
    return xap_db_read_source(&src, policy, fn, ctx, attempts, err);
}

nx_status_t xap_db_read_source(const xap_source_t *src, const xap_retry_t *policy,
                               xap_read_fn fn, void *ctx, unsigned *attempts, nx_error_t *err)
{
    if (!src || src->n == 0)
        return fail(err, NX_E_INVALID, "no database given");
    const unsigned max = policy && policy->attempts ? policy->attempts : XAP_READ_ATTEMPTS;
    unsigned delay = policy ? policy->backoff_ms : XAP_READ_BACKOFF_MS;
    try {
        std::vector<char> dropped(src->n, 0);
        std::vector<std::string> why(src->n);
        std::string failed_on; // what the last failed call read ("" when unknown)
        nx_error_t last;       // and how it failed
        bool need_change = false;
        for (unsigned k = 1;; k++) {
            if (attempts)
                *attempts = k;
            nx_error_t e;
            e.code = NX_OK;
            e.msg[0] = '\0';
            xap_db *db = nullptr;
            std::string now;
            nx_status_t st = open_source(src, dropped, why, &db, now, &e);
            if (st == NX_OK) {
                if (need_change && !failed_on.empty() && now == failed_on) {
                    // Nothing was committed since: not a writer's doing.
                    xap_db_close(db);
                    return fail(err, last.code, last.msg);
                }
                st = fn(ctx, db, &e);
                xap_db_close(db);
                if (st == NX_OK)
                    return NX_OK;
                failed_on = now;
                if (st == NX_E_NETWORK && src->allow_partial && k < max &&
                    drop_silent(src, dropped, why))
                    continue; // again without the shards that stopped answering
            } else if (k == 1 && st != NX_E_MODIFIED) {
                return fail(err, st, e.msg); // no index there, not an index, ...
            } else {
                failed_on.clear(); // opening after a failure failed: the writer again
            }
            switch (st) {
            case NX_E_MODIFIED: // "the revision being read has been discarded"
                need_change = false;
                break;
            case NX_E_CORRUPT:  // blocks of two revisions, or of two indexes
            case NX_E_NO_INDEX: // a table of an index being replaced
            case NX_E_XAPIAN:   // "Document N not found", ...
                need_change = true;
                break;
            default: // the query, memory, the output, the network: trying again cannot help
                return fail(err, st, e.msg);
            }
            last.code = st;
            std::snprintf(last.msg, sizeof last.msg, "%s", e.msg);
            if (k >= max) {
                return fail(err, st, std::string(e.msg) + " (gave up after " + std::to_string(k) +
                                         " attempts: a writer kept changing the index)");
            }
            sleep_ms(delay);
            delay = delay * 2 > XAP_READ_BACKOFF_MAX_MS ? XAP_READ_BACKOFF_MAX_MS : delay * 2;
        }
    } catch (...) {
        return map_exception(err);
    }
}

int xap_db_remote(const xap_db *db)
{
    return db && db->remote;
}

const char *xap_db_skipped(const xap_db *db)
{
    return db ? db->skipped.c_str() : "";
}

nx_status_t xap_db_doccount(xap_db *db, uint32_t *out, nx_error_t *err)
{
    *out = 0;
    try {
        *out = db->rd->get_doccount();
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_compact(const char *const *srcs, size_t n, const char *dest, nx_error_t *err)
{
    if (n == 0)
        return fail(err, NX_E_INVALID, "nothing to compact");
    try {
        Xapian::Database all;
        for (size_t i = 0; i < n; i++)
            all.add_database(Xapian::Database(srcs[i]));
        all.compact(dest, Xapian::DB_BACKEND_GLASS);
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_db_get_metadata(xap_db *db, const char *key, char **val, nx_error_t *err)
{
    *val = nullptr;
    try {
        *val = copy_out(db->rd->get_metadata(key));
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_db_metadata_keys(xap_db *db, const char *prefix, xap_meta_fn fn, void *ctx,
                                 nx_error_t *err)
{
    try {
        for (Xapian::TermIterator k = db->rd->metadata_keys_begin(prefix);
             k != db->rd->metadata_keys_end(prefix); ++k) {
            const std::string key = *k;
            const std::string val = db->rd->get_metadata(key);
            if (fn(ctx, key.c_str(), val.c_str(), val.size()))
                break;
        }
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_db_check(const char *path, size_t *nerrors, nx_error_t *err)
{
    *nerrors = 0;
    try {
        std::ostringstream out;
        *nerrors = Xapian::Database::check(path, Xapian::DBCHECK_SHORT_TREE, &out);
        if (*nerrors) {
            // The lines that name a problem, not the per-table progress.
            std::istringstream in(out.str());
            std::string line, found;
            while (std::getline(in, line))
                if (line.find("rror") != std::string::npos || line.find("orrupt") != std::string::npos)
                    found += (found.empty() ? "" : "; ") + line;
            fail(err, NX_E_CORRUPT, found.empty() ? out.str() : found);
        }
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

static nx_status_t need_writer(xap_db *db, nx_error_t *err)
{
    if (!db->wr)
        return fail(err, NX_E_INVALID, "database is open read-only");
    return NX_OK;
}

nx_status_t xap_db_set_metadata(xap_db *db, const char *key, const char *val, nx_error_t *err)
{
    if (need_writer(db, err))
        return err ? err->code : NX_E_INVALID;
    try {
        db->wr->set_metadata(key, val);
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_db_begin(xap_db *db, nx_error_t *err)
{
    if (need_writer(db, err))
        return NX_E_INVALID;
    try {
        db->wr->begin_transaction(true);
        db->in_txn = true;
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

static void flush_spellings(xap_db *db)
{
    if (db->hold_spell)
        return;
    for (const auto &w : db->spell)
        db->wr->add_spelling(w.first, w.second);
    db->spell.clear();
}

nx_status_t xap_db_commit(xap_db *db, nx_error_t *err)
{
    if (need_writer(db, err))
        return NX_E_INVALID;
    try {
        flush_spellings(db);
        if (db->in_txn) {
            db->in_txn = false;
            db->wr->commit_transaction();
        } else {
            db->wr->commit();
        }
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_db_cancel(xap_db *db, nx_error_t *err)
{
    if (need_writer(db, err))
        return NX_E_INVALID;
    try {
        db->spell.clear();
        if (db->in_txn) {
            db->in_txn = false;
            db->wr->cancel_transaction();
        }
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_db_add(xap_db *db, xap_doc *doc, nx_error_t *err)
{
    if (need_writer(db, err))
        return NX_E_INVALID;
    try {
        db->wr->add_document(doc->doc);
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_db_delete(xap_db *db, const char *uid, nx_error_t *err)
{
    if (need_writer(db, err))
        return NX_E_INVALID;
    try {
        db->wr->delete_document(uid);
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_db_add_spellings(xap_db *db, const xap_doc *doc, nx_error_t *err)
{
    if (need_writer(db, err))
        return NX_E_INVALID;
    try {
        for (const auto &w : doc->words) {
            unsigned char c = static_cast<unsigned char>(w.first[0]);
            // Numbers make poor suggestions.
            if ((c >= '0' && c <= '9') || w.first.size() < 3)
                continue;
            db->spell[w.first] += w.second;
        }
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

xap_spell *xap_spell_new(void)
{
    return new (std::nothrow) xap_spell;
}

void xap_spell_free(xap_spell *sp)
{
    delete sp;
}

void xap_db_hold_spellings(xap_db *db)
{
    db->hold_spell = true;
}

// Sum from into to and empty from.
static void move_words(std::unordered_map<std::string, unsigned> &to,
                       std::unordered_map<std::string, unsigned> &from)
{
    if (to.empty()) {
        to.swap(from);
        return;
    }
    for (const auto &w : from)
        to[w.first] += w.second;
    from.clear();
}

nx_status_t xap_spell_take(xap_spell *sp, xap_db *db, nx_error_t *err)
{
    try {
        move_words(sp->words, db->spell);
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_spell_give(xap_db *db, xap_spell *sp, nx_error_t *err)
{
    if (need_writer(db, err))
        return NX_E_INVALID;
    try {
        move_words(db->spell, sp->words);
        db->hold_spell = false;
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_db_find_term(xap_db *db, const char *term, uint32_t *docid, nx_error_t *err)
{
    *docid = 0;
    try {
        Xapian::PostingIterator p = db->rd->postlist_begin(term);
        if (p != db->rd->postlist_end(term))
            *docid = *p;
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_db_allterms(xap_db *db, const char *prefix, xap_term_fn fn, void *ctx,
                            nx_error_t *err)
{
    try {
        for (Xapian::TermIterator t = db->rd->allterms_begin(prefix);
             t != db->rd->allterms_end(prefix); ++t) {
            const std::string term = *t;
            if (fn(ctx, term.data(), term.size(), t.get_termfreq()))
                break;
        }
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_db_alldocs(xap_db *db, xap_doc_fn fn, void *ctx, nx_error_t *err)
{
    try {
        for (Xapian::PostingIterator p = db->rd->postlist_begin("");
             p != db->rd->postlist_end(""); ++p) {
            const std::string data = db->rd->get_document(*p).get_data();
            if (fn(ctx, *p, data.data(), data.size()))
                break;
        }
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_db_alldocs_value(xap_db *db, unsigned slot, xap_docv_fn fn, void *ctx,
                                 nx_error_t *err)
{
    try {
        for (Xapian::PostingIterator p = db->rd->postlist_begin("");
             p != db->rd->postlist_end(""); ++p) {
            Xapian::Document doc = db->rd->get_document(*p);
            const std::string data = doc.get_data(), val = doc.get_value(slot);
            if (fn(ctx, *p, data.data(), data.size(), val.data(), val.size()))
                break;
        }
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_db_value_bounds(xap_db *db, unsigned slot, char **lo, char **hi, nx_error_t *err)
{
    *lo = *hi = nullptr;
    try {
        std::unique_ptr<char, decltype(&std::free)> l(copy_out(db->rd->get_value_lower_bound(slot)),
                                                      &std::free);
        *hi = copy_out(db->rd->get_value_upper_bound(slot));
        *lo = l.release();
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_db_values(xap_db *db, unsigned slot, xap_value_fn fn, void *ctx,
                          nx_error_t *err)
{
    try {
        for (Xapian::ValueIterator v = db->rd->valuestream_begin(slot);
             v != db->rd->valuestream_end(slot); ++v) {
            const std::string val = *v;
            if (fn(ctx, v.get_docid(), val.data(), val.size()))
                break;
        }
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_db_set_doc_value(xap_db *db, uint32_t docid, unsigned slot, const char *val,
                                 size_t len, nx_error_t *err)
{
    if (nx_status_t s = need_writer(db, err))
        return s;
    try {
        Xapian::Document doc = db->wr->get_document(docid);
        if (len)
            doc.add_value(slot, std::string(val, len));
        else
            doc.remove_value(slot);
        db->wr->replace_document(docid, doc);
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_db_get_value(xap_db *db, uint32_t docid, unsigned slot, char **val, size_t *len,
                             nx_error_t *err)
{
    *val = nullptr;
    *len = 0;
    try {
        const std::string v = db->rd->get_document(docid).get_value(slot);
        *val = copy_out(v);
        *len = v.size();
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_db_get_data(xap_db *db, uint32_t docid, char **data, size_t *len, nx_error_t *err)
{
    *data = nullptr;
    *len = 0;
    try {
        const std::string v = db->rd->get_document(docid).get_data();
        *data = copy_out(v);
        *len = v.size();
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

/* ---- documents ---- */

nx_status_t xap_doc_new(xap_doc **out, nx_error_t *err)
{
    *out = nullptr;
    try {
        *out = new xap_doc;
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

void xap_doc_free(xap_doc *doc)
{
    delete doc;
}

nx_status_t xap_doc_add_term(xap_doc *doc, const char *term, unsigned wdf, nx_error_t *err)
{
    try {
        doc->doc.add_term(term, wdf);
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_doc_add_boolean_term(xap_doc *doc, const char *term, nx_error_t *err)
{
    try {
        doc->doc.add_boolean_term(term);
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_doc_set_value(xap_doc *doc, unsigned slot, const char *val, size_t len,
                              nx_error_t *err)
{
    try {
        doc->doc.add_value(slot, std::string(val, len));
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_doc_set_data(xap_doc *doc, const char *data, size_t len, nx_error_t *err)
{
    try {
        doc->doc.set_data(std::string(data, len));
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

/* ---- term generation ---- */

nx_status_t xap_tg_new(const char *lang, xap_tg **out, nx_error_t *err)
{
    *out = nullptr;
    xap_tg *tg = nullptr;
    try {
        tg = new xap_tg;
        add_stopwords(tg->stopper);
        tg->stem = new CachedStem(lang);
        tg->tg.set_stemmer(Xapian::Stem(tg->stem));
        // One term per word: its stem, "Z"-prefixed, with positions
        // (phrases match on stems). STEM_SOME also indexed each exact
        // form with positions: twice the postings, a third of the build.
        tg->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
        tg->tg.set_stopper(&tg->stopper);
        tg->tg.set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
        *out = tg;
        return NX_OK;
    } catch (...) {
        delete tg;
        return map_exception(err);
    }
}

void xap_tg_free(xap_tg *tg)
{
    delete tg;
}

void xap_tg_release(xap_tg *tg)
{
    tg->stem->words = nullptr;
    tg->doc = nullptr;
    try {
        tg->tg.set_document(Xapian::Document());
    } catch (...) {
        // an empty Document's construction does not throw in practice;
        // nothing to report
    }
}

nx_status_t xap_tg_set_document(xap_tg *tg, xap_doc *doc, nx_error_t *err)
{
    try {
        tg->tg.set_document(doc->doc);
        tg->tg.set_termpos(0);
        tg->doc = doc;
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

// The length of the invisible character s[0..n) starts with, or 0.
static size_t invisible_at(const char *s, size_t n)
{
    // U+00AD soft hyphen, U+200B zero-width space, U+2060 word joiner,
    // U+FEFF zero-width no-break space
    static const char *const marks[] = {"\xc2\xad", "\xe2\x80\x8b", "\xe2\x81\xa0",
                                        "\xef\xbb\xbf"};
    for (const char *m : marks) {
        size_t k = std::strlen(m);
        if (n >= k && !std::memcmp(s, m, k))
            return k;
    }
    return 0;
}

// The words of text as a reader sees them: TermGenerator splits a word at
// a soft hyphen or a zero-width space ("die\u00ADsem" as "die" and "sem"),
// so those characters go before indexing; the stored text keeps them.
static bool seen_text(const char *text, size_t len, std::string &out)
{
    bool any = false;
    for (size_t i = 0; i < len; i++)
        if ((text[i] == '\xc2' || text[i] == '\xe2' || text[i] == '\xef') &&
            invisible_at(text + i, len - i)) {
            any = true;
            break;
        }
    if (!any)
        return false;
    out.reserve(len);
    for (size_t i = 0; i < len;) {
        size_t k = invisible_at(text + i, len - i);
        if (k) {
            i += k;
        } else {
            out += text[i];
            i++;
        }
    }
    return true;
}

nx_status_t xap_tg_index(xap_tg *tg, const char *text, size_t len, unsigned wdf_inc,
                         const char *prefix, nx_error_t *err)
{
    try {
        // The spelling data is the unprefixed text's words, as
        // TermGenerator's FLAG_SPELLING takes them.
        tg->stem->words = tg->doc && !(prefix && *prefix) ? &tg->doc->words : nullptr;
        std::string seen;
        if (seen_text(text, len, seen)) {
            text = seen.data();
            len = seen.size();
        }
        tg->tg.index_text(Xapian::Utf8Iterator(text, len), wdf_inc, prefix ? prefix : "");
        tg->stem->words = nullptr;
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_tg_gap(xap_tg *tg, nx_error_t *err)
{
    try {
        tg->tg.increase_termpos(100);
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

/* ---- queries ---- */

static nx_status_t wrap_query(Xapian::Query q, xap_query **out)
{
    *out = new xap_query{std::move(q)};
    return NX_OK;
}

nx_status_t xap_query_term(const char *term, xap_query **out, nx_error_t *err)
{
    *out = nullptr;
    try {
        return wrap_query(Xapian::Query(term), out);
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_query_value_range(unsigned slot, const char *lo, const char *hi, xap_query **out,
                                  nx_error_t *err)
{
    *out = nullptr;
    try {
        if (lo && hi)
            return wrap_query(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi), out);
        if (lo)
            return wrap_query(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo), out);
        if (hi)
            return wrap_query(Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi), out);
        return wrap_query(Xapian::Query::MatchAll, out);
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_query_match_all(xap_query **out, nx_error_t *err)
{
    *out = nullptr;
    try {
        return wrap_query(Xapian::Query::MatchAll, out);
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_query_match_nothing(xap_query **out, nx_error_t *err)
{
    *out = nullptr;
    try {
        return wrap_query(Xapian::Query::MatchNothing, out);
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_query_combine(xap_op_t op, const xap_query *a, const xap_query *b,
                              xap_query **out, nx_error_t *err)
{
    *out = nullptr;
    try {
        Xapian::Query::op xop = Xapian::Query::OP_AND;
        switch (op) {
        case XAP_OP_AND: xop = Xapian::Query::OP_AND; break;
        case XAP_OP_OR: xop = Xapian::Query::OP_OR; break;
        case XAP_OP_AND_NOT: xop = Xapian::Query::OP_AND_NOT; break;
        case XAP_OP_FILTER: xop = Xapian::Query::OP_FILTER; break;
        }
        return wrap_query(Xapian::Query(xop, a->q, b->q), out);
    } catch (...) {
        return map_exception(err);
    }
}

char *xap_query_describe(const xap_query *q)
{
    try {
        return copy_out(q->q.get_description());
    } catch (...) {
        return nullptr;
    }
}

void xap_query_free(xap_query *q)
{
    delete q;
}

namespace {

// Calls a C callback for "field:value". A failure is recorded (the first
// one wins) and the field matches nothing; xap_qp_parse reports the
// recorded status after parsing. Throwing out of a FieldProcessor instead
// would leak inside Xapian's parser.
class CFieldProcessor : public Xapian::FieldProcessor {
  public:
    CFieldProcessor(xap_field_fn fn, void *ctx, nx_error_t *slot) : fn_(fn), ctx_(ctx), err_(slot) {}
    Xapian::Query operator()(const std::string &value) override
    {
        xap_query *q = nullptr;
        nx_error_t e;
        e.code = NX_OK;
        e.msg[0] = '\0';
        nx_status_t st = fn_(ctx_, value.c_str(), &q, &e);
        if (st != NX_OK || !q) {
            if (err_->code == NX_OK) {
                err_->code = st != NX_OK ? st : NX_E_INTERNAL;
                std::snprintf(err_->msg, sizeof err_->msg, "%s", e.msg);
            }
            xap_query_free(q);
            // The parse fails on err_ afterwards; what is returned must
            // still not be a null query: Xapian 1.4.22's parser crashes
            // (Query::operator|= on it) on "x -Q -(-date:0". A term that
            // no document has is never null.
            return Xapian::Query(std::string("\x01error"));
        }
        Xapian::Query r = q->q;
        xap_query_free(q);
        return r;
    }

  private:
    xap_field_fn fn_;
    void *ctx_;
    nx_error_t *err_;
};

} // namespace

struct xap_qp {
    Xapian::QueryParser qp;
    Xapian::SimpleStopper stopper;
    Xapian::Stem stem;
    nx_error_t cb_err;
    unsigned max_terms, max_wildcards, max_phrase, max_ranges; // 0: no bound
    std::string title_prefix;                                  // "": no title weight
    double title_weight;
    unsigned max_expansion = 0; // set_max_expansion's, for the wildcards made anew
    int wildcard_limit = Xapian::Query::WILDCARD_LIMIT_ERROR;
};

namespace {

// What the parser's tree is tidied of before a search (tidy_query):
//
// Stop words in phrases. The index holds no stop words (TermGenerator
// STOP_ALL: not even their positions are counted, so the words around
// one are adjacent), but the query parser keeps them in phrases ("bank of
// england", "out-of-court"). They are dropped there: the phrase of the
// other words, one position apart, matches where the full phrase was
// written.
//
// Wildcards. The index holds one term per word, its stem ("Zsanction"),
// and the parser's wildcard of "sanction*" expands over exact words
// ("sanction", "Ssanction" for title:), which no longer exist. It is
// made anew over the stems: those that begin with the letters typed, and
// the word's own stem: as a term when the stem is the start of the word
// ("prices*": "price" and the words of "prices..."), as a second wildcard
// when not ("happy*": "happi", so happiness, happily).
//
// Operators whose parameters the 1.4 API cannot read back (NEAR,
// ELITE_SET, SCALE_WEIGHT, value ranges, ...) are left as they are.
bool is_stop_term(const Xapian::Query &q, const Xapian::Stopper &stop)
{
    if (q.get_type() != Xapian::Query::LEAF_TERM)
        return false;
    Xapian::TermIterator t = q.get_terms_begin();
    if (t == q.get_terms_end())
        return false;
    const std::string term = *t;
    size_t i = 0;
    while (i < term.size() && term[i] >= 'A' && term[i] <= 'Z')
        i++;
    // The stems of the stop words are stop words ("its": "it").
    return i < term.size() && stop(term.substr(i));
}

// An operator that has no parameter but its subqueries, made again of
// subs (tidy_query, loose_for_snippets); false for any other.
bool rebuilt(Xapian::Query::op op, const std::vector<Xapian::Query> &subs, Xapian::Query &out)
{
    switch (op) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
        out = Xapian::Query(op, subs.begin(), subs.end());
        return true;
    default:
        return false;
    }
}

// A wildcard's pattern, which the 1.4 API only shows in its description:
// "Query(WILDCARD SYNONYM Ssanction)".
bool wildcard_pattern(const Xapian::Query &q, std::string &pat)
{
    static const char head[] = "Query(WILDCARD ";
    const std::string d = q.get_description();
    if (d.compare(0, sizeof head - 1, head) != 0 || d.back() != ')')
        return false;
    size_t sp = d.find(' ', sizeof head - 1);
    if (sp == std::string::npos || sp + 2 >= d.size())
        return false;
    pat = d.substr(sp + 1, d.size() - sp - 2);
    return true;
}

void stem_wildcard(const xap_qp &qp, const std::string &pat, Xapian::Query &out)
{
    size_t k = 0; // the field's prefix: capitals
    while (k < pat.size() && pat[k] >= 'A' && pat[k] <= 'Z')
        k++;
    const std::string field = pat.substr(0, k), word = fold(pat.substr(k));
    auto wild = [&](const std::string &w) {
        return Xapian::Query(Xapian::Query::OP_WILDCARD, "Z" + field + w, qp.max_expansion,
                             qp.wildcard_limit, Xapian::Query::OP_SYNONYM);
    };
    const std::string st = qp.stem(word);
    if (st.empty() || st == word) {
        out = wild(word);
        return;
    }
    Xapian::Query own = word.compare(0, st.size(), st) == 0 ? Xapian::Query("Z" + field + st)
                                                             : wild(st);
    out = Xapian::Query(Xapian::Query::OP_SYNONYM, wild(word), own);
}

// Sets out and returns true when q had something to tidy.
bool tidy_query(const Xapian::Query &q, const xap_qp &qp, Xapian::Query &out)
{
    const Xapian::Query::op op = q.get_type();
    if (op == Xapian::Query::OP_WILDCARD) {
        std::string pat;
        if (!wildcard_pattern(q, pat))
            return false;
        stem_wildcard(qp, pat, out);
        return true;
    }
    const size_t n = q.get_num_subqueries();
    std::vector<Xapian::Query> subs;
    bool changed = false;
    for (size_t i = 0; i < n; i++) {
        Xapian::Query sub = q.get_subquery(i);
        if (op == Xapian::Query::OP_PHRASE && is_stop_term(sub, qp.stopper)) {
            changed = true;
            continue;
        }
        Xapian::Query d;
        if (tidy_query(sub, qp, d)) {
            changed = true;
            sub = d;
        }
        subs.push_back(sub);
    }
    if (!changed)
        return false;
    switch (op) {
    case Xapian::Query::OP_PHRASE:
        if (subs.empty())
            return false; // only stop words: nothing can match either way
        out = subs.size() == 1 ? subs[0] : Xapian::Query(op, subs.begin(), subs.end(), subs.size());
        return true;
    default:
        return rebuilt(op, subs, out);
    }
}

// What a parsed query holds: its leaves (terms, wildcards, value ranges,
// match-all) and, apart, its wildcards. Recursion is bounded by the
// caller's nesting check (query.c refuses deep parentheses before the
// parser sees them; without parentheses the parser's trees are shallow).
void count_leaves(const Xapian::Query &q, unsigned &leaves, unsigned &wildcards, unsigned &ranges,
                  size_t &phrase)
{
    const size_t n = q.get_num_subqueries();
    const Xapian::Query::op op = q.get_type();
    if (op == Xapian::Query::OP_WILDCARD)
        wildcards++;
    // A value range reads the slot of every document in its range's
    // bounds: it costs like a word found everywhere.
    if (op == Xapian::Query::OP_VALUE_RANGE || op == Xapian::Query::OP_VALUE_GE ||
        op == Xapian::Query::OP_VALUE_LE)
        ranges++;
    if ((op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR) && n > phrase)
        phrase = n;
    if (n == 0) {
        leaves++;
        return;
    }
    for (size_t i = 0; i < n; i++)
        count_leaves(q.get_subquery(i), leaves, wildcards, ranges, phrase);
}

} // namespace

nx_status_t xap_qp_new(const char *lang, xap_db *db, xap_qp **out, nx_error_t *err)
{
    *out = nullptr;
    xap_qp *qp = nullptr;
    try {
        qp = new xap_qp;
        qp->cb_err.code = NX_OK;
        qp->cb_err.msg[0] = '\0';
        qp->max_terms = qp->max_wildcards = qp->max_phrase = qp->max_ranges = 0;
        qp->title_weight = 0;
        add_stopwords(qp->stopper);
        qp->stem = make_stem(lang);
        qp->qp.set_stemmer(qp->stem);
        qp->qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
        qp->qp.set_stopper(&qp->stopper);
        qp->qp.set_default_op(Xapian::Query::OP_AND);
        if (db)
            qp->qp.set_database(*db->rd);
        *out = qp;
        return NX_OK;
    } catch (...) {
        delete qp;
        return map_exception(err);
    }
}

void xap_qp_free(xap_qp *qp)
{
    delete qp;
}

nx_status_t xap_qp_set_limits(xap_qp *qp, const xap_qp_limits_t *lim, nx_error_t *err)
{
    try {
        qp->max_terms = lim->max_terms;
        qp->max_wildcards = lim->max_wildcards;
        qp->max_phrase = lim->max_phrase;
        qp->max_ranges = lim->max_ranges;
        // Xapian expands a wildcard when the search runs (not here): past
        // max_expansion words it throws WildcardError from get_mset, or
        // keeps the most frequent words.
        qp->max_expansion = lim->max_expansion;
        qp->wildcard_limit = lim->most_frequent ? Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT
                                                : Xapian::Query::WILDCARD_LIMIT_ERROR;
        qp->qp.set_max_expansion(qp->max_expansion, qp->wildcard_limit,
                                 Xapian::QueryParser::FLAG_WILDCARD |
                                     Xapian::QueryParser::FLAG_PARTIAL);
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_qp_set_title_weight(xap_qp *qp, const char *prefix, double weight,
                                    nx_error_t *err)
{
    try {
        qp->title_prefix = weight > 0 && prefix ? prefix : "";
        qp->title_weight = weight;
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_qp_add_prefix(xap_qp *qp, const char *field, const char *prefix, nx_error_t *err)
{
    try {
        qp->qp.add_prefix(field, prefix);
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_qp_add_boolean_prefix(xap_qp *qp, const char *field, const char *prefix,
                                      nx_error_t *err)
{
    try {
        qp->qp.add_boolean_prefix(field, prefix);
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_qp_add_field(xap_qp *qp, const char *field, int boolean, xap_field_fn fn,
                             void *ctx, nx_error_t *err)
{
    try {
        Xapian::FieldProcessor *fp = new CFieldProcessor(fn, ctx, &qp->cb_err);
        if (boolean)
            qp->qp.add_boolean_prefix(field, fp->release());
        else
            qp->qp.add_prefix(field, fp->release());
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_qp_parse(xap_qp *qp, const char *text, unsigned flags, xap_query **out,
                         char **corrected, nx_error_t *err)
{
    *out = nullptr;
    if (corrected)
        *corrected = nullptr;
    qp->cb_err.code = NX_OK;
    qp->cb_err.msg[0] = '\0';
    try {
        unsigned qflags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                          Xapian::QueryParser::FLAG_PURE_NOT;
        if (flags & XAP_QP_SPELLING)
            qflags |= Xapian::QueryParser::FLAG_SPELLING_CORRECTION;
        qp->qp.set_default_op((flags & XAP_QP_DEFAULT_OR) ? Xapian::Query::OP_OR
                                                          : Xapian::Query::OP_AND);
        Xapian::Query q = qp->qp.parse_query(text, qflags);
        Xapian::Query tidied;
        if (tidy_query(q, *qp, tidied))
            q = tidied;
        if (qp->cb_err.code != NX_OK)
            return fail(err, qp->cb_err.code, qp->cb_err.msg);
        if (qp->max_terms || qp->max_wildcards || qp->max_phrase || qp->max_ranges) {
            unsigned leaves = 0, wildcards = 0, ranges = 0;
            size_t phrase = 0;
            count_leaves(q, leaves, wildcards, ranges, phrase);
            char m[160];
            if (qp->max_terms && leaves > qp->max_terms) {
                std::snprintf(m, sizeof m, "the query has %u terms, more than %u", leaves,
                              qp->max_terms);
                return fail(err, NX_E_LIMIT, m);
            }
            if (qp->max_wildcards && wildcards > qp->max_wildcards) {
                std::snprintf(m, sizeof m, "the query has %u wildcards, more than %u", wildcards,
                              qp->max_wildcards);
                return fail(err, NX_E_LIMIT, m);
            }
            if (qp->max_ranges && ranges > qp->max_ranges) {
                std::snprintf(m, sizeof m, "the query has %u value ranges (date:), more than %u",
                              ranges, qp->max_ranges);
                return fail(err, NX_E_LIMIT, m);
            }
            // Matching a phrase or NEAR group reads the positions of
            // every one of its words in every document that has them all.
            if (qp->max_phrase && phrase > qp->max_phrase) {
                std::snprintf(m, sizeof m, "a phrase or NEAR group of %zu words, more than %u",
                              phrase, qp->max_phrase);
                return fail(err, NX_E_LIMIT, m);
            }
        }
        std::string c = corrected ? qp->qp.get_corrected_query_string() : std::string();
        // The title weight: the same text parsed again with the title's
        // prefix as the default (field:words and filters keep their own),
        // added as an optional part, scaled. A document whose title holds
        // the words ranks above one that only mentions them: BM25 alone
        // sees one bag of words, the title counted TITLE_WDF times.
        if (!qp->title_prefix.empty()) {
            Xapian::Query t = qp->qp.parse_query(
                text, qflags & ~unsigned(Xapian::QueryParser::FLAG_SPELLING_CORRECTION),
                qp->title_prefix);
            if (tidy_query(t, *qp, tidied))
                t = tidied;
            if (qp->cb_err.code != NX_OK)
                return fail(err, qp->cb_err.code, qp->cb_err.msg);
            q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q,
                              Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, t, qp->title_weight));
        }
        if (!c.empty())
            *corrected = copy_out(c);
        *out = new xap_query{q};
        return NX_OK;
    } catch (...) {
        if (corrected) {
            std::free(*corrected);
            *corrected = nullptr;
        }
        return map_exception(err);
    }
}

/* ---- search ---- */

namespace {

// A facet's counts, most first, then by value.
std::vector<std::pair<std::string, uint32_t>>
sorted_counts(const std::unordered_map<std::string, uint32_t> &counts)
{
    std::vector<std::pair<std::string, uint32_t>> out(counts.begin(), counts.end());
    std::sort(out.begin(), out.end(), [](const auto &x, const auto &y) {
        return x.second != y.second ? x.second > y.second : x.first < y.first;
    });
    return out;
}

// Facet counts: Xapian's own ValueCountMatchSpy counts each distinct
// value of the slot over every match; it is serialisable, so a remote
// shard's xapian-tcpsrv counts its matches itself and the counts of all
// shards are summed by the client. A multi-valued facet's slot holds the
// document's values joined by sep (countries "gb,us"): the spy counts each
// combination, and each combination's count is added here to each of its
// values (a document names a value once), which is the exact per-value
// count.
std::vector<std::pair<std::string, uint32_t>> facet_counts(const Xapian::ValueCountMatchSpy &spy,
                                                           char sep)
{
    std::unordered_map<std::string, uint32_t> counts;
    for (Xapian::TermIterator t = spy.values_begin(); t != spy.values_end(); ++t) {
        const std::string v = *t;
        const uint32_t n = t.get_termfreq();
        if (v.empty())
            continue;
        if (!sep) {
            counts[v] += n;
            continue;
        }
        size_t start = 0;
        while (start <= v.size()) {
            size_t end = v.find(sep, start);
            if (end == std::string::npos)
                end = v.size();
            if (end > start)
                counts[v.substr(start, end - start)] += n;
            start = end + 1;
        }
    }
    return sorted_counts(counts);
}

// Facet counts of stories (--count-by story): the values of one slot
// over every match, each counted once per value of once_slot (a story: a
// document without one is a story of its own); with a separator, each
// document's value is a list and each element is counted. A match spy of
// ours: local databases only (xapian-tcpsrv runs Xapian's own spies).
class StoryFacetSpy : public Xapian::MatchSpy {
  public:
    StoryFacetSpy(unsigned slot, char sep, int once, unsigned once_slot)
        : slot_(slot), sep_(sep), once_(once), once_slot_(once_slot)
    {
    }
    void operator()(const Xapian::Document &doc, double) override
    {
        const std::string v = doc.get_value(slot_);
        if (v.empty())
            return;
        // Counting stories: a value counts once per value of once_slot (a
        // document without one is a story of its own).
        const std::string group = once_ ? doc.get_value(once_slot_) : std::string();
        size_t start = 0;
        while (start <= v.size()) {
            size_t end = sep_ ? v.find(sep_, start) : std::string::npos;
            if (end == std::string::npos)
                end = v.size();
            if (end > start) {
                std::string one = v.substr(start, end - start);
                if (group.empty() || seen_.insert(group + '\0' + one).second)
                    counts_[one]++;
            }
            start = end + 1;
        }
    }
    std::unordered_map<std::string, uint32_t> counts_;

  private:
    unsigned slot_;
    char sep_;
    int once_;
    unsigned once_slot_;
    std::unordered_set<std::string> seen_;
};

// Xapian's snippets match a phrase's words and a wildcard's letters with
// the words as written, and the stem of a word with the query's "Z"
// terms; the index holds stems only, so the query's phrases ("Zworld
// Zpower") and wildcards ("Zsanction") would never be marked. The
// snippets are made with the query loosened: a phrase or NEAR group as
// the AND of its stems (each of its words marked, also apart), a wildcard
// as the letters typed ("sanction": sanctions, sanctioned). Sets out and
// returns true when q had one.
bool loose_for_snippets(const Xapian::Query &q, Xapian::Query &out)
{
    const Xapian::Query::op op = q.get_type();
    if (op == Xapian::Query::OP_WILDCARD) {
        std::string pat;
        if (!wildcard_pattern(q, pat))
            return false;
        size_t k = 0;
        while (k < pat.size() && pat[k] >= 'A' && pat[k] <= 'Z')
            k++;
        out = Xapian::Query(Xapian::Query::OP_WILDCARD, pat.substr(k));
        return true;
    }
    const size_t n = q.get_num_subqueries();
    std::vector<Xapian::Query> subs;
    bool changed = op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR;
    for (size_t i = 0; i < n; i++) {
        Xapian::Query sub = q.get_subquery(i), l;
        if (loose_for_snippets(sub, l)) {
            changed = true;
            sub = l;
        }
        subs.push_back(sub);
    }
    if (!changed)
        return false;
    switch (op) {
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR:
        out = Xapian::Query(Xapian::Query::OP_AND, subs.begin(), subs.end());
        return true;
    case Xapian::Query::OP_SCALE_WEIGHT: // the weight is not the snippet's
        out = subs.at(0);
        return true;
    default:
        return rebuilt(op, subs, out);
    }
}

// Xapian 1.4.22 (Debian 12; the same code is in later glass releases):
// when a term that no weight reads (a filter, the right of AND_NOT, a
// 0-scaled subquery) indexes every document, the matcher swaps its
// postlist for the all-documents one and renames that postlist to the
// term. Once docids have a gap (any deletion) the glass all-documents
// postlist reads the document-length chunks, and looks up each chunk
// after the first under the term's name instead of its own: "Unexpected
// end of posting list for 'XSreuters'" on every filter every document
// carries, after the first update of an index. Doing that swap ourselves,
// with MatchAll (whose postlist keeps its own name), gives the same
// matches and no bad read. Weighted terms are left alone: the matcher
// keeps their own postlist, since the weight needs their wdf. Subqueries
// that need positions (phrases, NEAR) or combine their terms' wdf
// (SYNONYM, wildcards) are not swapped by the matcher either.
//
// The 1.4 API cannot read OP_SCALE_WEIGHT's factor back except through
// the description, "Query(0 * ...)".
bool scaled_to_zero(const Xapian::Query &q)
{
    const std::string d = q.get_description();
    const char *p = d.c_str();
    if (std::strncmp(p, "Query(", 6) != 0)
        return false;
    char *end = nullptr;
    double f = std::strtod(p + 6, &end);
    return end != p + 6 && std::strncmp(end, " * ", 3) == 0 && f == 0.0;
}

// Sets out and returns true when q had a term to swap.
bool swap_all_doc_terms(const Xapian::Query &q, const Xapian::Database &db,
                        Xapian::doccount ndocs, bool weighted, Xapian::Query &out)
{
    const Xapian::Query::op op = q.get_type();
    if (op == Xapian::Query::LEAF_TERM) {
        if (weighted)
            return false;
        Xapian::TermIterator t = q.get_terms_begin();
        if (t == q.get_terms_end() || (*t).empty() || db.get_termfreq(*t) != ndocs)
            return false;
        out = Xapian::Query::MatchAll;
        return true;
    }
    switch (op) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_MAX:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_AND_NOT:
        break;
    case Xapian::Query::OP_SCALE_WEIGHT: {
        // Rebuilt only when the factor is 0 (what the query parser gives
        // a filter alone): another factor could not be copied exactly.
        Xapian::Query sub;
        if (!scaled_to_zero(q) || !swap_all_doc_terms(q.get_subquery(0), db, ndocs, false, sub))
            return false;
        out = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sub, 0.0);
        return true;
    }
    default:
        return false;
    }
    std::vector<Xapian::Query> subs;
    bool changed = false;
    const size_t n = q.get_num_subqueries();
    for (size_t i = 0; i < n; i++) {
        Xapian::Query sub = q.get_subquery(i);
        // The right of FILTER and AND_NOT adds no weight.
        bool w = weighted && (i == 0 || (op != Xapian::Query::OP_FILTER &&
                                         op != Xapian::Query::OP_AND_NOT));
        Xapian::Query d;
        if (swap_all_doc_terms(sub, db, ndocs, w, d)) {
            changed = true;
            sub = d;
        }
        subs.push_back(sub);
    }
    if (changed)
        out = Xapian::Query(op, subs.begin(), subs.end());
    return changed;
}

} // namespace

struct xap_result {
    Xapian::MSet mset;
    Xapian::MSet marks; // the snippets' (loose_for_snippets), when not mset
    bool own_marks = false;
    Xapian::Stem stem = make_stem("english"); // the index's (snippets)
    std::vector<std::string> data;
    std::vector<std::string> values; // keep_value: each hit's value
    long exact_total = -1;           // with collapse: the exact count, when the MSet's is not
    std::vector<std::vector<std::pair<std::string, uint32_t>>> facets;
    bool remote = false; // a remote shard is among the databases searched
};

nx_status_t xap_search(xap_db *db, const xap_search_t *s, xap_result **out, nx_error_t *err)
{
    *out = nullptr;
    xap_result *r = nullptr;
    try {
        r = new xap_result;
        Xapian::Enquire enq(*db->rd);
        Xapian::Query q, swapped;
        if (s->rset_of) {
            // Relevance feedback: the RSet is the matches of rset_of, the
            // query their ESet's terms, and they are left out of the hits.
            Xapian::Enquire seed(*db->rd);
            seed.set_query(s->rset_of->q);
            Xapian::MSet ms = seed.get_mset(0, 100);
            Xapian::RSet rset;
            for (Xapian::MSetIterator m = ms.begin(); m != ms.end(); ++m)
                rset.add_document(*m);
            if (!rset.empty()) {
                Xapian::ESet eset = seed.get_eset(s->rset_terms ? s->rset_terms : 40, rset);
                std::vector<std::string> terms(eset.begin(), eset.end());
                Xapian::Query ids = s->rset_of->q;
                q = Xapian::Query(Xapian::Query::OP_AND_NOT,
                                  Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                                  ids);
                if (s->query)
                    q = Xapian::Query(Xapian::Query::OP_FILTER, q, s->query->q);
            }
            enq.set_query(q);
        } else {
            q = s->query->q;
            if (swap_all_doc_terms(q, *db->rd, db->rd->get_doccount(), true, swapped))
                q = swapped;
            enq.set_query(q);
        }
        if (s->collapse)
            enq.set_collapse_key(s->collapse_slot);
        if (s->bm25) // k1, k2, k3, b, min_normlen: only k1 and b are ours
            enq.set_weighting_scheme(Xapian::BM25Weight(s->bm25[0], 0, 1, s->bm25[1], 0.5));
        else
            enq.set_weighting_scheme(Xapian::BM25Weight());
        switch (s->sort) {
        case XAP_SORT_RELEVANCE: break;
        case XAP_SORT_VALUE_ASC: enq.set_sort_by_value_then_relevance(s->sort_slot, false); break;
        case XAP_SORT_VALUE_DESC: enq.set_sort_by_value_then_relevance(s->sort_slot, true); break;
        }
        std::vector<std::unique_ptr<Xapian::MatchSpy>> spies;
        for (size_t i = 0; i < s->nfacets; i++) {
            if (s->facet_once)
                spies.emplace_back(new StoryFacetSpy(s->facets[i].slot, s->facets[i].sep, 1,
                                                     s->facet_once_slot));
            else
                spies.emplace_back(new Xapian::ValueCountMatchSpy(s->facets[i].slot));
            enq.add_matchspy(spies.back().get());
        }
        Xapian::doccount check = 0;
        if (s->exact || s->nfacets)
            check = db->rd->get_doccount();
        // An offset past the last document shows nothing (and cannot
        // overflow Xapian's first + maxitems).
        Xapian::doccount first = std::min<Xapian::doccount>(s->offset, db->rd->get_doccount());
        r->mset = enq.get_mset(first, s->limit, check);
        Xapian::Query loose;
        if (loose_for_snippets(q, loose)) {
            Xapian::Enquire marks(*db->rd);
            marks.set_query(loose);
            r->marks = marks.get_mset(0, 0);
            r->own_marks = true;
        }
        r->remote = db->remote;
        // Ask for every hit's document at once: a remote shard sends them
        // in one exchange rather than one round trip each. Not past the
        // first page: Xapian 1.4.22's fetch of an MSet that starts at an
        // offset reads past its items (a crash); nor locally, where it
        // gains nothing.
        if (db->remote && first == 0)
            r->mset.fetch();
        for (Xapian::MSetIterator m = r->mset.begin(); m != r->mset.end(); ++m) {
            Xapian::Document d = m.get_document();
            r->data.push_back(d.get_data());
            if (s->keep_value)
                r->values.push_back(d.get_value(s->value_slot));
        }
        for (size_t i = 0; i < spies.size(); i++) {
            if (s->facet_once) {
                r->facets.push_back(
                    sorted_counts(static_cast<const StoryFacetSpy &>(*spies[i]).counts_));
            } else {
                r->facets.push_back(facet_counts(
                    static_cast<const Xapian::ValueCountMatchSpy &>(*spies[i]), s->facets[i].sep));
            }
        }
        enq.clear_matchspies();
        // Collapsing, the matcher knows the number of distinct keys only
        // among the documents it keeps: a short page gives bounds, not a
        // count. The exact count is the size of the whole collapsed MSet.
        if (s->collapse && check &&
            r->mset.get_matches_lower_bound() != r->mset.get_matches_upper_bound())
            r->exact_total = enq.get_mset(0, db->rd->get_doccount(), check).size();
        *out = r;
        return NX_OK;
    } catch (...) {
        delete r;
        return map_exception(err);
    }
}

void xap_result_free(xap_result *r)
{
    delete r;
}

uint32_t xap_result_total(const xap_result *r)
{
    if (r->exact_total >= 0)
        return static_cast<uint32_t>(r->exact_total);
    return r->mset.get_matches_estimated();
}

uint32_t xap_result_total_lower(const xap_result *r)
{
    if (r->exact_total >= 0)
        return static_cast<uint32_t>(r->exact_total);
    return r->mset.get_matches_lower_bound();
}

uint32_t xap_result_total_upper(const xap_result *r)
{
    if (r->exact_total >= 0)
        return static_cast<uint32_t>(r->exact_total);
    return r->mset.get_matches_upper_bound();
}

size_t xap_result_size(const xap_result *r)
{
    return r->data.size();
}

nx_status_t xap_result_hit(const xap_result *r, size_t i, xap_hit_t *hit, nx_error_t *err)
{
    std::memset(hit, 0, sizeof *hit);
    if (i >= r->data.size())
        return fail(err, NX_E_INVALID, "hit index out of range");
    try {
        Xapian::MSetIterator m = r->mset[static_cast<Xapian::doccount>(i)];
        hit->docid = *m;
        hit->weight = m.get_weight();
        hit->percent = m.get_percent();
        hit->data = r->data[i].data();
        hit->len = r->data[i].size();
        hit->collapsed = m.get_collapse_count();
        if (i < r->values.size()) {
            hit->value = r->values[i].data();
            hit->value_len = r->values[i].size();
        } else {
            hit->value = "";
        }
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

} // extern "C"

namespace {

// Private-use code points mark highlights while Xapian escapes the
// snippet as HTML; they are swapped for the caller's markers afterwards.
const char HI_ON[] = "\xEE\x80\x80";  // U+E000
const char HI_OFF[] = "\xEE\x80\x81"; // U+E001

void replace_all(std::string &s, const std::string &from, const std::string &to)
{
    std::string out;
    out.reserve(s.size());
    size_t pos = 0;
    for (;;) {
        size_t hit = s.find(from, pos);
        if (hit == std::string::npos)
            break;
        out.append(s, pos, hit - pos);
        out += to;
        pos = hit + from.size();
    }
    out.append(s, pos, std::string::npos);
    s.swap(out);
}

// Undo the HTML escaping MSet::snippet applies (&amp; &lt; &gt; &quot;
// &#39;/&apos;), in one left-to-right pass so "&amp;lt;" stays "&lt;".
std::string html_unescape(const std::string &s)
{
    static const std::pair<const char *, char> ents[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''},
        {"&apos;", '\''}, {"&#x27;", '\''}};
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        bool done = false;
        if (s[i] == '&') {
            for (const auto &e : ents) {
                size_t n = std::strlen(e.first);
                if (s.compare(i, n, e.first) == 0) {
                    out += e.second;
                    i += n;
                    done = true;
                    break;
                }
            }
        }
        if (!done)
            out += s[i++];
    }
    return out;
}

} // namespace

extern "C" {

nx_status_t xap_result_snippet(const xap_result *r, const char *text, size_t len, size_t length,
                               const char *hi_start, const char *hi_end, const char *omit,
                               char **out, nx_error_t *err)
{
    *out = nullptr;
    try {
        std::string t(text, len);
        replace_all(t, HI_ON, "");
        replace_all(t, HI_OFF, "");
        const Xapian::MSet &m = r->own_marks ? r->marks : r->mset;
        // The background model weighs each word of the text by its
        // frequency in the index: over a remote shard that is one round
        // trip per distinct word (about a thousand for a page of ten
        // hits), so there the passage is chosen by the query's words
        // alone.
        unsigned flags = Xapian::MSet::SNIPPET_EXHAUSTIVE;
        if (!r->remote)
            flags |= Xapian::MSet::SNIPPET_BACKGROUND_MODEL;
        std::string snip =
            m.snippet(t, length, r->stem, flags, HI_ON, HI_OFF, omit ? omit : "...");
        if (snip.find(HI_ON) == std::string::npos)
            snip.clear(); // no word of the query in the text: the caller's choice
        snip = html_unescape(snip);
        replace_all(snip, HI_ON, hi_start ? hi_start : "");
        replace_all(snip, HI_OFF, hi_end ? hi_end : "");
        *out = copy_out(snip);
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

size_t xap_result_facet_size(const xap_result *r, size_t facet)
{
    return facet < r->facets.size() ? r->facets[facet].size() : 0;
}

void xap_result_facet(const xap_result *r, size_t facet, size_t j, const char **value,
                      uint32_t *count)
{
    *value = nullptr;
    *count = 0;
    if (facet < r->facets.size() && j < r->facets[facet].size()) {
        *value = r->facets[facet][j].first.c_str();
        *count = r->facets[facet][j].second;
    }
}

const char *const *xap_stopwords(void)
{
    return stopwords;
}

const char *xap_version(void)
{
    return Xapian::version_string();
}

} // extern "C"

/* ---- counting over every match, the scope of a query, top terms ---- */

namespace {

// Counts keys made of one slot's value (cut to a prefix) and, with by,
// another slot's value or each of its elements (see xap_count_spec_t).
class CountSpy : public Xapian::MatchSpy {
  public:
    explicit CountSpy(const xap_count_spec_t &spec) : spec_(spec) {}
    void operator()(const Xapian::Document &doc, double) override
    {
        std::string key = doc.get_value(spec_.slot);
        if (spec_.prefix && key.size() > spec_.prefix)
            key.resize(spec_.prefix);
        if (!spec_.by) {
            counts_[key]++;
            return;
        }
        key += '\t';
        const std::string v = doc.get_value(spec_.by_slot);
        if (v.empty() || !spec_.by_sep) {
            counts_[key + v]++;
            return;
        }
        const size_t klen = key.size();
        size_t start = 0;
        while (start <= v.size()) {
            size_t end = v.find(spec_.by_sep, start);
            if (end == std::string::npos)
                end = v.size();
            if (end > start) {
                key.resize(klen);
                key.append(v, start, end - start);
                counts_[key]++;
            }
            start = end + 1;
        }
    }
    std::unordered_map<std::string, uint32_t> counts_;

  private:
    xap_count_spec_t spec_;
};

// A uniform sample of the matches' docids (Vitter's algorithm R), from a
// fixed seed so that one index gives one sample.
class SampleSpy : public Xapian::MatchSpy {
  public:
    explicit SampleSpy(uint32_t size) : size_(size) {}
    void operator()(const Xapian::Document &doc, double) override
    {
        seen_++;
        if (ids_.size() < size_) {
            ids_.push_back(doc.get_docid());
            return;
        }
        uint64_t j = next() % seen_;
        if (j < size_)
            ids_[j] = doc.get_docid();
    }
    std::vector<Xapian::docid> ids_;

  private:
    uint64_t next()
    {
        // xorshift64*: enough for a sample, the same on every platform.
        state_ ^= state_ >> 12;
        state_ ^= state_ << 25;
        state_ ^= state_ >> 27;
        return state_ * 2685821657736338717ULL;
    }
    uint32_t size_;
    uint64_t seen_ = 0;
    uint64_t state_ = 0x9E3779B97F4A7C15ULL;
};

// Runs q over every match with spy, weighing nothing; the exact number of
// matches.
Xapian::doccount spy_on_all(const Xapian::Database &db, const Xapian::Query &query,
                            Xapian::MatchSpy *spy)
{
    Xapian::Enquire enq(db);
    Xapian::Query q = query, swapped;
    if (swap_all_doc_terms(q, db, db.get_doccount(), true, swapped))
        q = swapped;
    enq.set_query(q);
    enq.set_weighting_scheme(Xapian::BoolWeight());
    enq.add_matchspy(spy);
    Xapian::doccount n = db.get_doccount();
    Xapian::MSet m = enq.get_mset(0, 0, n ? n : 1);
    enq.clear_matchspies();
    return m.get_matches_estimated();
}

// A word candidate of --top-terms: the stem of a word of the text ("Z"
// and no field prefix: "Zcrude", not "ZScrude"), two bytes or more, not
// all digits, and not one of the query's stems.
class WordDecider : public Xapian::ExpandDecider {
  public:
    explicit WordDecider(const std::vector<std::string> &avoid) : avoid_(avoid) {}
    bool operator()(const std::string &t) const override
    {
        if (t.size() < 3 || t[0] != 'Z' || (t[1] >= 'A' && t[1] <= 'Z'))
            return false;
        if (t.find_first_not_of("0123456789.,", 1) == std::string::npos)
            return false;
        return std::find(avoid_.begin(), avoid_.end(), t.substr(1)) == avoid_.end();
    }

  private:
    const std::vector<std::string> &avoid_;
};

} // namespace

struct xap_counts {
    std::vector<std::pair<std::string, uint32_t>> v;
};

struct xap_term_row {
    std::string stem;
    std::string term; // the stem, or the word most often written for it
    double weight;
    uint32_t in_sample, in_index;
    uint32_t named; // the sampled documents of that word (xap_terms_name)
};
struct xap_terms {
    std::vector<xap_term_row> v;
    std::vector<Xapian::docid> sample; // the sampled matches, in docid order
    Xapian::Stem stem = make_stem("english"); // the index's, for xap_terms_name
};

extern "C" {

nx_status_t xap_count_values(xap_db *db, const xap_query *q, const xap_count_spec_t *spec,
                             xap_counts **out, uint32_t *matches, nx_error_t *err)
{
    *out = nullptr;
    *matches = 0;
    xap_counts *c = nullptr;
    try {
        c = new xap_counts;
        Xapian::doccount n;
        if (db->remote && !spec->by) {
            // A remote shard's xapian-tcpsrv runs Xapian's own spies only:
            // the whole values counted there, cut to the prefix here.
            // The spy skips documents without a value: the rest of the
            // matches count under "".
            Xapian::ValueCountMatchSpy spy(spec->slot);
            n = spy_on_all(*db->rd, q->q, &spy);
            std::unordered_map<std::string, uint32_t> counts;
            uint32_t valued = 0;
            for (Xapian::TermIterator t = spy.values_begin(); t != spy.values_end(); ++t) {
                std::string key = *t;
                if (spec->prefix && key.size() > spec->prefix)
                    key.resize(spec->prefix);
                counts[key] += t.get_termfreq();
                valued += t.get_termfreq();
            }
            if (n > valued)
                counts[""] += n - valued;
            c->v.assign(counts.begin(), counts.end());
        } else {
            CountSpy spy(*spec);
            n = spy_on_all(*db->rd, q->q, &spy);
            c->v.assign(spy.counts_.begin(), spy.counts_.end());
        }
        std::sort(c->v.begin(), c->v.end());
        *matches = n;
        *out = c;
        return NX_OK;
    } catch (...) {
        delete c;
        return map_exception(err);
    }
}

size_t xap_counts_size(const xap_counts *c)
{
    return c ? c->v.size() : 0;
}

void xap_counts_get(const xap_counts *c, size_t i, const char **key, size_t *len,
                    uint32_t *count)
{
    *key = "";
    *len = 0;
    *count = 0;
    if (c && i < c->v.size()) {
        *key = c->v[i].first.c_str();
        *len = c->v[i].first.size();
        *count = c->v[i].second;
    }
}

void xap_counts_free(xap_counts *c)
{
    delete c;
}

nx_status_t xap_query_scope(const xap_query *q, xap_query **out, nx_error_t *err)
{
    *out = nullptr;
    try {
        // Down the left side of the filters: a FILTER's right side stays.
        std::vector<Xapian::Query> filters;
        Xapian::Query cur = q->q;
        Xapian::Query base = Xapian::Query::MatchAll;
        for (;;) {
            if (cur.get_type() == Xapian::Query::OP_FILTER && cur.get_num_subqueries() >= 2) {
                for (size_t i = 1; i < cur.get_num_subqueries(); i++)
                    filters.push_back(cur.get_subquery(i));
                cur = cur.get_subquery(0);
                continue;
            }
            // The left of AND_MAYBE is what matches (the right only
            // weighs: the title's words); so is a subquery scaled by a
            // factor other than 0.
            if (cur.get_type() == Xapian::Query::OP_AND_MAYBE && cur.get_num_subqueries() >= 1) {
                cur = cur.get_subquery(0);
                continue;
            }
            if (cur.get_type() == Xapian::Query::OP_SCALE_WEIGHT && !scaled_to_zero(cur)) {
                cur = cur.get_subquery(0);
                continue;
            }
            if (cur.get_type() == Xapian::Query::OP_SCALE_WEIGHT)
                base = cur; // a filter alone: part of the scope
            else if (cur.get_type() == Xapian::Query::LEAF_MATCH_ALL)
                base = cur;
            break;
        }
        Xapian::Query s = base;
        for (auto it = filters.rbegin(); it != filters.rend(); ++it)
            s = Xapian::Query(Xapian::Query::OP_FILTER, s, *it);
        return wrap_query(s, out);
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_count(xap_db *db, const xap_query *q, uint32_t *n, nx_error_t *err)
{
    xap_search_t s = {};
    s.query = q;
    s.exact = 1;
    xap_result *r = nullptr;
    *n = 0;
    nx_status_t st = xap_search(db, &s, &r, err);
    if (st == NX_OK)
        *n = xap_result_total(r);
    xap_result_free(r);
    return st;
}

double xap_dunning_g(double r, double R, double n, double N)
{
    // G (log-likelihood ratio, Dunning 1993) of r of R sampled matches
    // holding a term where the archive's rate is n / N.
    const double p0 = n / N;
    if (r <= 0 || R <= 0 || p0 <= 0 || p0 >= 1)
        return 0;
    double g = r * std::log(r / (R * p0));
    if (r < R)
        g += (R - r) * std::log((R - r) / (R * (1 - p0)));
    return 2 * g;
}

nx_status_t xap_terms_records(xap_db *db, const xap_terms *t,
                              int (*fn)(void *ctx, const char *data, size_t len), void *ctx,
                              nx_error_t *err)
{
    try {
        for (Xapian::docid id : t->sample) {
            const std::string data = db->rd->get_document(id).get_data();
            if (fn(ctx, data.data(), data.size()))
                break;
        }
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

nx_status_t xap_top_terms(xap_db *db, const xap_query *q, uint32_t sample, uint32_t want,
                          xap_terms **out, uint32_t *matches, uint32_t *sampled,
                          nx_error_t *err)
{
    *out = nullptr;
    *matches = 0;
    *sampled = 0;
    xap_terms *t = nullptr;
    try {
        t = new xap_terms;
        SampleSpy spy(sample);
        Xapian::doccount n = spy_on_all(*db->rd, q->q, &spy);
        std::sort(spy.ids_.begin(), spy.ids_.end());
        const Xapian::Stem &stem = t->stem;
        // The query's own words, as stems: "Zoil", "ZSoil" (title:),
        // "oil" (unstemmed) all avoid "oil", "oils".
        std::vector<std::string> avoid;
        for (auto it = q->q.get_unique_terms_begin(); it != q->q.get_unique_terms_end(); ++it) {
            std::string w = *it;
            bool stemmed = !w.empty() && w[0] == 'Z';
            if (stemmed)
                w.erase(0, 1);
            size_t k = 0;
            while (k < w.size() && w[k] >= 'A' && w[k] <= 'Z')
                k++;
            if (k && !stemmed)
                continue; // a filter's term (XSreuters, D20210408)
            w.erase(0, k);
            if (!w.empty())
                avoid.push_back(stemmed ? w : stem(w));
        }
        if (!spy.ids_.empty() && want) {
            // r: the sampled documents that hold each word (their
            // termlists, read once), then n, the documents of the index
            // that do, for the words in MIN_SAMPLE_DOCS or more.
            const Xapian::Database &d = *db->rd;
            std::unordered_map<std::string, uint32_t> r;
            WordDecider decider(avoid);
            for (Xapian::docid id : spy.ids_)
                for (Xapian::TermIterator ti = d.termlist_begin(id); ti != d.termlist_end(id); ++ti)
                    r[*ti]++;
            const double R = static_cast<double>(spy.ids_.size());
            const double N = static_cast<double>(d.get_doccount());
            const uint32_t MIN_SAMPLE_DOCS = 3;
            struct cand {
                double g;
                const std::string *term;
                uint32_t r, n;
            };
            std::vector<cand> cands;
            for (const auto &kv : r) {
                if (kv.second < MIN_SAMPLE_DOCS || !decider(kv.first))
                    continue;
                const double n_t = static_cast<double>(d.get_termfreq(kv.first));
                const double p0 = n_t / N, rr = kv.second;
                if (p0 <= 0 || rr / R <= p0)
                    continue; // not over-represented in the matches
                cands.push_back({xap_dunning_g(rr, R, n_t, N), &kv.first, kv.second,
                                 static_cast<uint32_t>(n_t)});
            }
            std::sort(cands.begin(), cands.end(), [](const cand &x, const cand &y) {
                return x.g != y.g ? x.g > y.g : *x.term < *y.term;
            });
            for (const cand &c : cands) {
                if (t->v.size() >= want)
                    break;
                t->v.push_back({c.term->substr(1), c.term->substr(1), c.g, c.r, c.n, 0});
            }
        }
        *matches = n;
        *sampled = static_cast<uint32_t>(spy.ids_.size());
        t->sample = std::move(spy.ids_);
        *out = t;
        return NX_OK;
    } catch (...) {
        delete t;
        return map_exception(err);
    }
}

size_t xap_terms_size(const xap_terms *t)
{
    return t ? t->v.size() : 0;
}

nx_status_t xap_terms_name(xap_terms *t, const char *word, uint32_t docs, nx_error_t *err)
{
    if (!t || t->v.empty())
        return NX_OK;
    try {
        const std::string st = t->stem(word);
        for (xap_term_row &row : t->v)
            if (row.stem == st) {
                if (docs > row.named) {
                    row.term = word;
                    row.named = docs;
                }
                break;
            }
        return NX_OK;
    } catch (...) {
        return map_exception(err);
    }
}

void xap_terms_get(const xap_terms *t, size_t i, const char **term, double *weight,
                   uint32_t *in_sample, uint32_t *in_index)
{
    *term = "";
    *weight = 0;
    *in_sample = *in_index = 0;
    if (t && i < t->v.size()) {
        *term = t->v[i].term.c_str();
        *weight = t->v[i].weight;
        *in_sample = t->v[i].in_sample;
        *in_index = t->v[i].in_index;
    }
}

void xap_terms_free(xap_terms *t)
{
    delete t;
}

} // extern "C"
