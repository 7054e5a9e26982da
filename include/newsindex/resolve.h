/* resolve.h - choosing an article's title, date, source, byline, dateline
 * and standfirst from what its parser saw.
 *
 * Parsers gather, the resolver decides. A parser records every title,
 * date, source, byline, dateline and standfirst it meets as a candidate,
 * with where it came from (an nx_origin_t: og:title, <h1>, the JSON-LD
 * headline, a "Source:" line, the dateline opening the text, ...), in the
 * order it meets them; nx_resolve() chooses. The rules are all in
 * lib/resolve.c:
 *
 *   - one table per format family and field ranks the origins. The
 *     candidate of the best-ranked origin that is usable wins; origins of
 *     equal rank are taken in the order they were seen (a plain-text
 *     file's lines are read top down). Usable: its value, cleaned as the
 *     article's fields are (nx_article_set: UTF-8 repaired, white space
 *     squeezed), is not empty; a source must also be one
 *     nx_sources_normalize() can name; a date is always usable (parsers
 *     record only dates they could read).
 *   - a row may ask more of a candidate: that it names a known source (or
 *     that its parser vouched for it: NX_CAND_FIRM), that it names none,
 *     that it is shorter than a bound, that it does not hold a string
 *     ("://" in an author <meta>).
 *   - rows may form a chain, where the first origin present speaks for
 *     all: HTML's og:title, twitter:title, JSON-LD headline, itemprop
 *     headline and the article's <h1> (an empty itemprop headline hides
 *     the <h1>, and the <title> is next).
 *   - a row may yield to another origin: its candidates seen before the
 *     first one of that origin do not count (a plain-text "Title:" header
 *     replaces the title line above it, even with nothing).
 *   - the few rules that are not rankings: a byline is split ("By Jane
 *     Doe, Reuters | April 8, 2021": the name; a part naming a known
 *     source is a source candidate; the first part that reads as a date,
 *     while no better-ranked date is known, is a date candidate, and ends
 *     the split); an HTML title loses its " | Site" suffix; an HTML
 *     <title> gives way to the page's <h1> when it starts with it; the
 *     page's only <h1> (NX_CAND_ONLY) is the headline unless it names the
 *     site or is one word no other title holds; a title part that names
 *     the page's host (NX_FROM_PAGE_URL: "Story | Gelbe Liste" on
 *     gelbe-liste.de) is a site part; the
 *     <title>'s site part is a source candidate. Candidates the resolver
 *     makes (NX_FROM_BYLINE, NX_FROM_TITLE_SITE) rank where the candidate
 *     they come from was seen.
 *
 * The resolver is a pure function of the record: a parser that needs a
 * decision before it is done (the text parser's layout depends on the
 * title found so far) may call nx_resolve() at any time. */
#ifndef NEWSINDEX_RESOLVE_H
#define NEWSINDEX_RESOLVE_H

#include <stddef.h>
#include <stdint.h>

#include "newsindex/article.h"
#include "newsindex/date.h"
#include "newsindex/source.h"
#include "newsindex/status.h"

typedef enum {
    NX_FIELD_TITLE,
    NX_FIELD_DATE,
    NX_FIELD_SOURCE,
    NX_FIELD_BYLINE,
    NX_FIELD_DATELINE,
    NX_FIELD_STANDFIRST,
    NX_NFIELDS
} nx_field_t;

/* Which table of rules applies: one per format family. */
typedef enum {
    NX_FAMILY_TEXT,
    NX_FAMILY_HTML,
    NX_FAMILY_NITF,
    NX_FAMILY_FEED, /* RSS and Atom items */
    NX_FAMILY_XML   /* other XML */
} nx_family_t;

/* Where a candidate came from. One origin may give candidates for several
 * fields (an author <meta> is a byline, and a source when it names a known
 * one). */
typedef enum {
    NX_FROM_NONE,            /* no origin (none is recorded with it) */
    /* any format */
    NX_FROM_DATELINE,        /* the dateline opening the text: its place, its agency */
    NX_FROM_BYLINE,          /* a part of a byline; made by the resolver */
    /* HTML */
    NX_FROM_OG_TITLE,        /* <meta property="og:title"> */
    NX_FROM_TWITTER_TITLE,   /* <meta name="twitter:title"> */
    NX_FROM_JSONLD_HEADLINE, /* JSON-LD headline (or name) of the article object */
    NX_FROM_ITEMPROP_HEADLINE, /* itemprop="headline": its content, else its text */
    NX_FROM_ARTICLE_H1,      /* the first <h1> inside <article> or <main> */
    NX_FROM_TITLE_ELEMENT,   /* <title> */
    NX_FROM_H1,              /* the first <h1> outside the page's chrome */
    NX_FROM_TITLE_SITE,      /* the <title>'s part after a separator; made by the resolver */
    NX_FROM_HEADING,         /* an <h1> or <h2>'s text, each of the first few: no row takes
                                it; it tells which part of a <title> is the headline */
    NX_FROM_PUBLISHED_TIME,  /* article:published_time */
    NX_FROM_JSONLD_DATE,     /* JSON-LD datePublished (or dateCreated) */
    NX_FROM_META_DATE,       /* the first date <meta> (date, pubdate, dc.date, ...) */
    NX_FROM_ITEMPROP_DATE,   /* itemprop="datePublished" */
    NX_FROM_ARTICLE_TIME,    /* the first <time> inside <article> or <main> */
    NX_FROM_TIME,            /* the first <time> */
    NX_FROM_DATE_ELEMENT,    /* the first element classed as a date */
    NX_FROM_URL_DATE,        /* a full date in the path of the page's canonical URL or og:url */
    NX_FROM_TEXT_DATE,       /* the first full date in the text right after the headline */
    NX_FROM_BODY_DATE,       /* the first full date in the opening of the article's text */
    NX_FROM_DATED_LINE,      /* a short line of the text, or else of the page, that says it is a date ("Aktualisiert am 17.01.2021") */
    NX_FROM_DATE_PART,       /* the first short element with a date part in its class or id ("date-header") that holds a date */
    NX_FROM_SITE_NAME,       /* og:site_name */
    NX_FROM_JSONLD_PUBLISHER,/* JSON-LD publisher (or sourceOrganization) */
    NX_FROM_META_PUBLISHER,  /* publisher, dc.publisher, article:publisher, source, ... */
    NX_FROM_TWITTER_SITE,    /* twitter:site, without its "@" */
    NX_FROM_APPLICATION_NAME,/* application-name */
    NX_FROM_META_AUTHOR,     /* author, article:author, dc.creator, byl, ... */
    NX_FROM_JSONLD_AUTHOR,   /* JSON-LD author names, joined with ", " */
    NX_FROM_BYLINE_ELEMENT,  /* the first element classed or marked as a byline */
    NX_FROM_OG_DESCRIPTION,  /* og:description */
    NX_FROM_META_DESCRIPTION,/* <meta name="description"> */
    NX_FROM_PAGE_URL,        /* the page's canonical URL or og:url, as a source candidate
                                that no row takes: its host names the site */
    /* plain text */
    NX_FROM_HEADER,          /* a "Key: value" line (Title:, Date:, Source:, By:, Dateline:, Summary:) */
    NX_FROM_FROM_LINE,       /* a "From:" line, e-mail address dropped */
    NX_FROM_TITLE_LINE,      /* the line that looks like the headline */
    NX_FROM_DATE_LINE,       /* a line that is a date ("Published: April 8, 2021") */
    NX_FROM_BYLINE_LINE,     /* a "By Jane Doe" line */
    NX_FROM_DEK,             /* the paragraph between the title and the metadata */
    NX_FROM_CREDIT_LINE,     /* a closing "(c) 2021 Reuters" line */
    /* NITF */
    NX_FROM_HL1,             /* hedline/hl1 */
    NX_FROM_HEAD_TITLE,      /* head/title */
    NX_FROM_HEDLINE,         /* hedline */
    NX_FROM_DATE_ISSUE,      /* docdata/date.issue@norm */
    NX_FROM_STORY_DATE,      /* dateline/story.date@norm */
    NX_FROM_DATE_RELEASE,    /* docdata/date.release@norm */
    NX_FROM_PUBDATA,         /* head/pubdata: @date.publication, @name */
    NX_FROM_STORY_DATE_TEXT, /* dateline/story.date's text */
    NX_FROM_COPYRIGHT_HOLDER,/* docdata/doc.copyright@holder */
    NX_FROM_DISTRIBUTOR,     /* body.head/distributor */
    NX_FROM_RIGHTS_PROVIDER, /* docdata/doc.rights@provider */
    NX_FROM_RIGHTS_OWNER,    /* docdata/doc.rights@owner */
    NX_FROM_NITF_BYLINE,     /* body.head/byline (its person, or less its byttl) */
    NX_FROM_LOCATION,        /* dateline/location */
    NX_FROM_NITF_DATELINE,   /* dateline's text before a comma */
    NX_FROM_ABSTRACT,        /* body.head/abstract */
    /* RSS and Atom */
    NX_FROM_ITEM_TITLE,      /* the item's or entry's title */
    NX_FROM_ITEM_DATE,       /* pubDate, dc:date, published, issued, ... in that order */
    NX_FROM_ITEM_SOURCE,     /* an RSS item's <source> (or dc:source) text */
    NX_FROM_ITEM_SOURCE_URL, /* an RSS item's <source url> */
    NX_FROM_ITEM_AUTHOR,     /* an RSS item's dc:creator or author ("email (Name)": the name) */
    NX_FROM_ENTRY_AUTHOR,    /* an Atom entry's author/name */
    NX_FROM_ENTRY_SOURCE,    /* an Atom entry's source/title: the feed it was copied from */
    NX_FROM_FEED_PUBLISHER,  /* the channel's dc:publisher, the feed's author/name */
    NX_FROM_FEED_TITLE,      /* the channel's or feed's title */
    NX_FROM_ITEM_SUMMARY,    /* the description or summary beside full content */
    /* other XML */
    NX_FROM_XML_TITLE,       /* the first title-named element (title, headline, hl1, ...) */
    NX_FROM_XML_DATE,        /* date-named elements (date, pubDate, published, ...) in that order */
    NX_FROM_XML_SOURCE,      /* the first source-named element (source, publisher, agency, ...) */
    NX_FROM_XML_DATELINE,    /* a dateline element's text before a comma */
    NX_NORIGINS
} nx_origin_t;

/* A short name for an origin ("og:title", "<h1>", "dateline"); static. */
const char *nx_origin_name(nx_origin_t o);

/* Candidate flags. */
#define NX_CAND_FIRM 1u /* the parser vouches for a source not in the table:
                           a dateline's agency after a place ("LONDON (Foo
                           News) -"), a credit line's name after a year */
#define NX_CAND_ONLY 2u /* the page's only headline element (an HTML <h1>
                           outside its chrome): the headline, unless it names
                           the site */

typedef struct {
    nx_field_t field;
    nx_origin_t origin;
    unsigned flags;  /* NX_CAND_* */
    char *value;     /* as seen: NUL-terminated, owned by the record */
    nx_date_t date;  /* NX_FIELD_DATE: the date read from value */
} nx_cand_t;

/* What a parser saw of one article, in the order seen. Zero-initialise, or
 * use nx_cands_init(); free with nx_cands_free(). The status is sticky (as
 * nx_buf_t's): a candidate that cannot be recorded (out of memory) sets it
 * and later additions do nothing, so a parser checks once, at the end
 * (nx_resolve() returns it). */
typedef struct {
    nx_family_t family;
    nx_cand_t *v;
    size_t n, cap;
    nx_status_t status;
} nx_cands_t;

void nx_cands_init(nx_cands_t *c, nx_family_t family);
void nx_cands_free(nx_cands_t *c);

/* Record value[0..n) (copied) as a candidate for field f; value NULL adds
 * nothing. n == (size_t)-1: strlen(value). Returns the record's status. */
nx_status_t nx_cands_add(nx_cands_t *c, nx_field_t f, nx_origin_t o, const char *value,
                         size_t n, unsigned flags);
/* Record a date the parser read from value (value may be NULL). */
nx_status_t nx_cands_add_date(nx_cands_t *c, nx_origin_t o, const char *value,
                              const nx_date_t *d);
/* Drop the candidates recorded after the first n (a parser's trial). */
void nx_cands_truncate(nx_cands_t *c, size_t n);

/* Choose the fields: a->title, a->date with a->date_origin
 * (NX_DATE_CONTENT when a date was chosen, else NX_DATE_NONE and a zero
 * date), a->source (normalised with sources, which may be NULL: names
 * are then only tidied and none is known), a->byline, a->dateline and
 * a->standfirst, each replacing what a held (NULL when no candidate is
 * usable). Nothing else of a is touched. Returns NX_OK, the record's
 * sticky failure, or NX_E_NOMEM (a's fields are then unspecified). */
nx_status_t nx_resolve(const nx_sources_t *sources, const nx_cands_t *c, nx_article_t *a);

#endif
