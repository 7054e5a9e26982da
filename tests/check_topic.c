/* check_topic.c - unit tests for lib/topic.c, driven by tables of cases.
 *
 * The default rules are data/topics.tsv, found through $NX_DATA_DIR (set by
 * the Makefile), else "data" relative to the current directory. Custom and
 * malformed rules files are written by the tests to a fresh temporary
 * directory and removed afterwards. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newsindex/topic.h"

#define MAXOUT 8

static nx_topics_t *rules; /* the default rules, for the fixtures that use them */
static char tmpdir[2048];

static const char *data_path(char *buf, size_t size)
{
    const char *dir = getenv("NX_DATA_DIR");
    snprintf(buf, size, "%s/topics.tsv", dir && *dir ? dir : "data");
    return buf;
}

static void setup_default(void)
{
    char path[4096];
    nx_error_t err;
    nx_status_t st = nx_topics_load(data_path(path, sizeof path), &rules, &err);
    ck_assert_msg(st == NX_OK, "loading %s: %s", path, err.msg);
    ck_assert_ptr_nonnull(rules);
}

static void teardown_default(void)
{
    nx_topics_free(rules);
    rules = NULL;
}

static void setup_tmp(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/check_topic.XXXXXX", base && *base ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown_tmp(void)
{
    /* What a failed test may have left behind, then the directory. */
    static const char *const names[] = {"custom.tsv", "many.tsv", "bad.tsv"};
    char path[4096];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
        unlink(path);
    }
    rmdir(tmpdir);
}

/* Write contents (len bytes, or strlen when len is (size_t)-1) to a file
 * in tmpdir; the path goes to buf. */
static const char *write_file(char *buf, size_t size, const char *name, const char *contents,
                              size_t len)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
    FILE *f = fopen(buf, "wb");
    ck_assert_ptr_nonnull(f);
    if (len == (size_t)-1)
        len = strlen(contents);
    ck_assert_uint_eq(fwrite(contents, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
    return buf;
}

static int has_topic(const char **out, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(out[i], code) == 0)
            return 1;
    return 0;
}

static long topic_index(const nx_topics_t *t, const char *code)
{
    for (size_t i = 0; i < nx_topics_count(t); i++)
        if (strcmp(nx_topic_code(t, i), code) == 0)
            return (long)i;
    return -1;
}

static void format_topics(char *buf, size_t size, const char **out, size_t n)
{
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        strncat(buf, i ? " " : "", size - strlen(buf) - 1);
        strncat(buf, out[i], size - strlen(buf) - 1);
    }
}

/* ---- the default taxonomy ----------------------------------------------- */

static const struct {
    const char *code;
    const char *label;
} iptc[] = {
    {"politics", "politics"},
    {"economy", "economy, business and finance"},
    {"conflict", "conflict, war and peace"},
    {"crime", "crime, law and justice"},
    {"disaster", "disaster, accident and emergency incident"},
    {"health", "health"},
    {"science", "science and technology"},
    {"environment", "environment"},
    {"education", "education"},
    {"labour", "labour"},
    {"lifestyle", "lifestyle and leisure"},
    {"arts", "arts, culture, entertainment and media"},
    {"religion", "religion"},
    {"society", "society"},
    {"sport", "sport"},
    {"weather", "weather"},
    {"human-interest", "human interest"},
};

/* nx_topics_classify()'s count; its status must be NX_OK. */
static size_t classify(const nx_topics_t *t, const char *title, const char *text, const char **out,
                       size_t max)
{
    size_t n = 99;
    ck_assert_int_eq(nx_topics_classify(t, title, text, out, max, &n), NX_OK);
    ck_assert_uint_le(n, max);
    return n;
}

START_TEST(test_default_taxonomy)
{
    size_t n = sizeof iptc / sizeof *iptc;
    ck_assert_uint_eq(nx_topics_count(rules), n);
    for (size_t i = 0; i < n; i++) {
        long k = topic_index(rules, iptc[i].code);
        ck_assert_msg(k >= 0, "topic %s missing", iptc[i].code);
        ck_assert_str_eq(nx_topic_label(rules, (size_t)k), iptc[i].label);
    }
    ck_assert_ptr_null(nx_topic_code(rules, n));
    ck_assert_ptr_null(nx_topic_label(rules, n));
}
END_TEST

/* ---- classification: one table of realistic snippets ------------------- */

typedef struct {
    const char *title;
    const char *text;
    const char *want;    /* must be assigned */
    const char *first;   /* if not NULL: must be the best topic */
    const char *absent;  /* if not NULL: must not be assigned */
} snippet_t;

static const snippet_t snippets[] = {
    /* One or more per IPTC topic. */
    {"Coalition talks collapse after election",
     "Talks on forming a coalition government broke down on Tuesday, two weeks after a general "
     "election left no party with a majority in parliament. The prime minister said the opposition "
     "had refused to compromise on the budget, and the president may now call fresh elections.",
     "politics", "politics", "sport"},
    {"Central bank raises interest rates to curb inflation",
     "The central bank raised its benchmark interest rate by half a percentage point to 4.5%, the "
     "fourth increase this year, as inflation hit a 20-year high. The currency rose against the "
     "dollar and government bond yields climbed. Economists expect further rises.",
     "economy", "economy", "sport"},
    {"Shr 34 cts vs 1.19 dlrs",
     "Shr 34 cts vs 1.19 dlrs. Net 807,000 vs 2,858,000. Revs 21.3 mln vs 19.8 mln. Assets 510.2 mln "
     "vs 479.7 mln.",
     "economy", "economy", NULL},
    {"Wheat exports fall as crop estimates cut",
     "Wheat exports fell to 1.2 mln tonnes in the week, the Agriculture Department said, and "
     "traders cut their estimates for the corn and soybean crops after dry weather in the Midwest.",
     "economy", "economy", "sport"},
    {"Troops advance as ceasefire collapses",
     "Government troops backed by tanks and air strikes advanced on the rebel-held city after a "
     "ceasefire collapsed. Artillery shelling killed dozens of civilians, and the United Nations "
     "called for an immediate halt to the fighting and the resumption of peace talks.",
     "conflict", "conflict", "sport"},
    {"Man jailed for life for murder",
     "A 34-year-old man has been jailed for life after a jury found him guilty of murdering his "
     "neighbour. The judge told the court that the defendant must serve at least 22 years in "
     "prison. Police said the victim had been stabbed during a dispute over parking.",
     "crime", "crime", "sport"},
    {"Earthquake kills hundreds",
     "A magnitude 7.2 earthquake has killed at least 300 people and left thousands homeless. "
     "Rescue workers are searching the rubble of collapsed buildings for survivors, and the death "
     "toll is expected to rise. Aftershocks continued through the night.",
     "disaster", "disaster", "sport"},
    {"Hospital waiting lists reach record high",
     "The number of patients waiting for hospital treatment has reached a record 7.6 million. "
     "Doctors and nurses warned that the health service could not cope with demand, and cancer "
     "patients were waiting longer for surgery and diagnosis.",
     "health", "health", "sport"},
    {"Scientists detect water on distant planet",
     "Astronomers using the James Webb Space Telescope have detected water vapour in the atmosphere "
     "of a planet orbiting a nearby star. The researchers said the discovery, published in the "
     "journal Nature, would help scientists search for signs of life beyond the solar system.",
     "science", "science", "sport"},
    {"Emissions must fall faster to meet climate goals",
     "Global greenhouse gas emissions must fall by 43% by 2030 to limit global warming to 1.5C, "
     "the UN climate panel said. Campaigners called for an end to new fossil fuel projects and "
     "faster investment in renewable energy such as wind and solar power.",
     "environment", "environment", "sport"},
    {"Teachers warn over exam grades",
     "Head teachers have warned that pupils sitting GCSE and A-level exams this summer face "
     "tougher grading. The education secretary said schools would get extra funding for "
     "tutoring, and universities said admissions would take account of disruption.",
     "education", "education", "sport"},
    {"Rail workers vote to strike over pay",
     "Thousands of rail workers have voted to strike after rejecting a pay offer of 4%. The union "
     "said its members faced a real-terms cut in wages, and employers said the offer was fair. "
     "The walkout could disrupt services for commuters across the country.",
     "labour", "labour", "sport"},
    {"Ten of the best beach holidays for families",
     "Looking for a summer getaway? From quiet Greek islands to lively Spanish resorts, our travel "
     "writers pick the best beaches, hotels and restaurants for a family holiday, with tips on "
     "local cuisine, wine and things to do when the sun goes down.",
     "lifestyle", "lifestyle", "sport"},
    {"Gallery opens new exhibition of Impressionist paintings",
     "The National Gallery has opened a major exhibition of Impressionist paintings, bringing "
     "together works by Monet, Renoir and Degas from museums around the world. Critics praised the "
     "show, which runs until January, as the art event of the year.",
     "arts", "arts", "sport"},
    {"Pope calls for peace in Christmas message",
     "Pope Francis used his Christmas message to call for peace in the Middle East and Ukraine. "
     "Thousands of pilgrims gathered in St Peter's Square to hear the pontiff, who also prayed for "
     "Christians facing persecution and urged the faithful to welcome refugees.",
     "religion", "religion", "sport"},
    {"Child poverty rises as families struggle",
     "The number of children living in poverty has risen to 4.3 million, according to a charity "
     "report. Campaigners said welfare cuts and the cost of living had pushed more families into "
     "hardship, with single parents and disabled people among the worst affected. Food bank use "
     "doubled, and the charity called for an end to the two-child benefit cap.",
     "society", "society", "sport"},
    {"Liverpool beat Chelsea in cup final",
     "Liverpool won the League Cup after beating Chelsea on penalties at Wembley. The goalkeeper "
     "saved two spot kicks in the shootout after a goalless draw in extra time. The manager said "
     "his players had shown incredible character throughout the season.",
     "sport", "sport", "economy"},
    {"Heavy snow and ice bring travel disruption",
     "Heavy snow and freezing temperatures have caused disruption across the north, with the Met "
     "Office issuing an amber weather warning. Forecasters said up to 20cm of snow could fall on "
     "high ground, with icy roads and strong winds expected overnight.",
     "weather", "weather", "sport"},
    {"Grandmother celebrates 110th birthday",
     "One of the country's oldest women has celebrated her 110th birthday with a party at her care "
     "home. The great grandmother, who was born in 1914, received a card from the King. Her family "
     "said her secret to a long life was a glass of sherry and plenty of laughter.",
     "human-interest", "human-interest", "sport"},

    /* Modern news in the five classes of the held-out evaluation. */
    {"Prime minister faces rebellion over welfare cuts",
     "Dozens of Labour MPs have threatened to vote against the government's plans to cut "
     "disability benefits, in the biggest challenge to the prime minister's authority since the "
     "general election. The chief whip met backbenchers on Monday, and ministers said concessions "
     "were possible before the bill returns to the Commons next week.",
     "politics", "politics", "labour"},
    {"Senate passes spending bill hours before shutdown deadline",
     "The US Senate passed a stopgap funding bill late on Friday, averting a government shutdown. "
     "Republicans and Democrats traded blame over the delay, and the measure now goes to the House "
     "of Representatives. The White House said the president would sign the bill.",
     "politics", "politics", "sport"},
    {"Voters head to the polls in tight election",
     "Polling stations opened at 7am as voters cast their ballots in what opinion polls suggest is "
     "the closest election in a generation. The opposition leader urged supporters to turn out, "
     "while the incumbent president campaigned on the economy and immigration.",
     "politics", "politics", NULL},
    {"Supermarket chain reports record profits",
     "Britain's biggest supermarket has reported a 12% rise in annual profits to \xC2\xA3" "2.3bn, "
     "helped by strong sales of its premium ranges. The chief executive said the company had "
     "invested in lower prices, and shares rose 4% in early trading.",
     "economy", "economy", "sport"},
    {"Tech giant agrees $30bn takeover deal",
     "The software group has agreed to buy a rival cybersecurity company in a $30bn cash and shares "
     "deal, the largest acquisition in its history. Shareholders of the target will receive a 35% "
     "premium. The deal needs approval from competition regulators.",
     "economy", "economy", NULL},
    {"Oil prices jump after Opec+ agrees output cuts",
     "Oil prices rose sharply after Opec and its allies agreed to extend production cuts. Brent "
     "crude climbed 3% to $86 a barrel. Energy shares led gains on the FTSE 100, while airlines "
     "fell on fears of higher fuel costs.",
     "economy", "economy", "sport"},
    {"Arsenal beat Chelsea to go top of the Premier League",
     "Bukayo Saka scored twice as Arsenal beat Chelsea 3-1 at the Emirates Stadium to move top of "
     "the Premier League. The winger opened the scoring in the 20th minute before Declan Rice "
     "added a second from a free-kick. Chelsea pulled one back after half-time.",
     "sport", "sport", "conflict"},
    {"Djokovic wins record 24th Grand Slam title",
     "Novak Djokovic won his 24th Grand Slam singles title with a straight-sets victory in the US "
     "Open final. The Serbian beat Daniil Medvedev 6-3 7-6 6-3 in New York.",
     "sport", "sport", NULL},
    {"Hamilton takes pole for British Grand Prix",
     "Lewis Hamilton will start the British Grand Prix from pole position after qualifying at "
     "Silverstone. The seven-time world champion beat his Mercedes team-mate by a tenth of a "
     "second, with Max Verstappen third on the grid.",
     "sport", "sport", NULL},
    {"Apple unveils new iPhone with AI features",
     "Apple has unveiled its latest iPhone, which uses artificial intelligence to summarise "
     "messages and edit photos. The company said the new chip was twice as fast as its "
     "predecessor. Analysts said the features could persuade users of older handsets to upgrade.",
     "science", "science", "sport"},
    {"Hackers steal data of millions in cyber-attack",
     "Hackers have stolen the personal data of millions of customers in a cyber-attack on a "
     "telecoms company. The firm said names, email addresses and phone numbers were taken, but "
     "not passwords. Customers were urged to beware of phishing emails.",
     "science", "science", "sport"},
    {"OpenAI launches new chatbot model",
     "OpenAI has released a new version of its chatbot that it says can reason through complex "
     "problems in maths and coding. The large language model was trained on more data than "
     "previous versions, and regulators are drafting rules for generative AI.",
     "science", "science", NULL},
    {"Games console sales surge over holidays",
     "Sales of games consoles surged over the holiday season, with Nintendo's Switch and Sony's "
     "PlayStation 5 the best-selling devices. Gamers also spent record sums on downloadable "
     "content and subscriptions.",
     "science", "science", NULL},
    {"Oppenheimer sweeps the board at the Oscars",
     "Christopher Nolan's Oppenheimer won seven Oscars including best picture and best director. "
     "Cillian Murphy was named best actor for his role as the physicist, while Emma Stone won best "
     "actress. The film has taken almost $1bn at the global box office.",
     "arts", "arts", "sport"},
    {"Taylor Swift breaks tour record",
     "Taylor Swift's Eras tour has become the highest-grossing concert tour of all time. The "
     "singer played to sold-out stadiums across five continents, and her latest album topped the "
     "charts in the UK and US.",
     "arts", "arts", NULL},
    {"Streaming hit series renewed for second season",
     "The streaming service has renewed its hit fantasy series for a second season after it became "
     "the most-watched show on the platform. The cast will return, and filming begins in Belfast. "
     "Viewers watched more than 500 million hours of the first season.",
     "arts", "arts", "sport"},

    /* Words that mislead: checked through "absent". */
    {"Rates fall as trade war fears ease",
     "Bond yields fell and shares rallied as fears of a trade war between the US and China eased. "
     "The price war among supermarkets also hit retailers' margins.",
     "economy", "economy", "conflict"},
    {"Bank's bid for rival",
     "The bank's bid for its rival won the support of shareholders, and the final dividend was "
     "raised. The management team said the goal was to cut costs.",
     "economy", "economy", "sport"},
    {"Labour party conference opens",
     "The Labour party conference opened in Liverpool, where the Labour leader told delegates that "
     "the party was ready for government and that the general election would be close.",
     "politics", "politics", "labour"},

    /* Problems seen on the sample corpus, fixed by general rules. */
    {"New president sworn in after landmark vote",
     "The country's first opposition leader to win power was sworn in as president on Saturday. "
     "He took the oath of office before the chief justice at the inauguration ceremony, watched "
     "by foreign leaders. He spent ten years in prison under the old regime.",
     "politics", "politics", "crime"},
    {"Communist state opens its borders",
     "The communist government announced that citizens could cross the border freely from "
     "midnight. The decision was read out by a Politburo member at a news conference, and "
     "thousands of people gathered at the crossings.",
     "politics", "politics", NULL},
    {"Air strikes launched on the capital",
     "Warplanes launched a wave of air strikes on the capital before dawn, and troops crossed the "
     "border. Cruise missiles were launched from ships in the Gulf, and state television showed "
     "the president vowing to fight on.",
     "conflict", "conflict", "science"},
    {"Nuclear talks end in agreement",
     "Foreign ministers reached an agreement on the country's nuclear programme after weeks of "
     "negotiations. Sanctions will be lifted in stages if inspectors confirm that the nuclear "
     "sites have been scaled back, diplomats said.",
     "politics", "politics", "environment"},
    {"Fire destroys roof of historic church",
     "A fire destroyed the roof of the medieval church on Sunday as crowds watched from the banks "
     "of the river. Firefighters saved the bell towers, and the bishop said the building would be "
     "rebuilt.",
     "disaster", "disaster", "economy"},
    {"Scientists clone a monkey",
     "Scientists have cloned a monkey using the technique that produced Dolly the sheep. The "
     "researchers said cloning primates could help the study of disease, though critics raised "
     "ethical concerns about the embryos used.",
     "science", "science", NULL},
    {"Eclipse darkens skies across the continent",
     "Millions of people watched a total solar eclipse as the moon passed in front of the sun. "
     "Astronomers said it was the last such eclipse visible from the region for twenty years.",
     "science", "science", "environment"},
};

START_TEST(test_snippet)
{
    const snippet_t *c = &snippets[_i];
    const char *out[MAXOUT];
    char got[512];
    size_t n = classify(rules, c->title, c->text, out, MAXOUT);
    format_topics(got, sizeof got, out, n);
    ck_assert_msg(has_topic(out, n, c->want), "\"%s\": want %s, got [%s]", c->title, c->want, got);
    if (c->first)
        ck_assert_msg(n > 0 && strcmp(out[0], c->first) == 0, "\"%s\": want %s first, got [%s]",
                      c->title, c->first, got);
    if (c->absent)
        ck_assert_msg(!has_topic(out, n, c->absent), "\"%s\": %s should be absent, got [%s]",
                      c->title, c->absent, got);
}
END_TEST

START_TEST(test_best_first)
{
    /* The output is ordered by score, and matches what the scores say. */
    const char *out[MAXOUT];
    double sc[64];
    for (size_t k = 0; k < sizeof snippets / sizeof *snippets; k++) {
        size_t n = classify(rules, snippets[k].title, snippets[k].text, out, MAXOUT);
        size_t ns = nx_topics_scores(rules, snippets[k].title, snippets[k].text, sc, 64);
        ck_assert_uint_eq(ns, nx_topics_count(rules));
        for (size_t i = 1; i < n; i++)
            ck_assert(sc[topic_index(rules, out[i - 1])] >= sc[topic_index(rules, out[i])]);
        if (n)
            for (size_t i = 0; i < ns; i++)
                ck_assert(sc[i] <= sc[topic_index(rules, out[0])]);
    }
}
END_TEST

START_TEST(test_not_everything)
{
    /* A plain company result gets economy and little else. */
    const char *out[MAXOUT];
    size_t n = classify(rules, "Acme Corp raises quarterly dividend",
                                  "Acme Corp said its board raised the quarterly dividend to 12 cts "
                                  "a share from 10 cts, payable April 15 to shareholders of record "
                                  "March 20. Net profit rose 8 pct on higher sales.",
                                  out, MAXOUT);
    ck_assert_uint_ge(n, 1);
    ck_assert_uint_le(n, 2);
    ck_assert_str_eq(out[0], "economy");
    /* Nothing topical at all. */
    n = classify(rules, "Notes", "The and of to in a is that it was for on are as with.",
                           out, MAXOUT);
    ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(test_max_and_null)
{
    const char *out[MAXOUT];
    const char *title = "Rail workers strike as election nears";
    const char *text = "Unions called a strike over wages, and the prime minister's party said "
                       "the walkout was political before the general election. Shares of rail "
                       "companies fell.";
    size_t all = classify(rules, title, text, out, MAXOUT);
    ck_assert_uint_ge(all, 2);
    const char *one[1];
    ck_assert_uint_eq(classify(rules, title, text, one, 1), 1);
    ck_assert_str_eq(one[0], out[0]);
    ck_assert_uint_eq(classify(rules, title, text, out, 0), 0);
    ck_assert_uint_eq(classify(rules, title, text, NULL, MAXOUT), 0);
    ck_assert_uint_eq(classify(NULL, title, text, out, MAXOUT), 0);
    ck_assert_uint_eq(classify(rules, NULL, NULL, out, MAXOUT), 0);
    ck_assert_uint_eq(classify(rules, "", "", out, MAXOUT), 0);
    /* Title only and text only both work. */
    ck_assert(has_topic(out, classify(rules, "Striker scores hat-trick in derby win", NULL,
                                                out, MAXOUT),
                        "sport"));
    ck_assert(has_topic(out, classify(rules, NULL, text, out, MAXOUT), "labour"));
    ck_assert_uint_eq(nx_topics_count(NULL), 0);
    ck_assert_ptr_null(nx_topic_code(NULL, 0));
    ck_assert_ptr_null(nx_topic_label(NULL, 0));
    ck_assert_uint_eq(nx_topics_scores(NULL, title, text, (double[1]){0}, 1), 0);
    nx_topics_free(NULL);
}
END_TEST

/* ---- hostile input ------------------------------------------------------ */

START_TEST(test_hostile_text)
{
    const char *out[MAXOUT];
    /* Random bytes, fixed seed: no crash, no read past the end. */
    size_t n = 1 << 18;
    char *buf = malloc(n + 1);
    ck_assert_ptr_nonnull(buf);
    unsigned long x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 6364136223846793005ul + 1442695040888963407ul;
        buf[i] = (char)((x >> 33) % 255 + 1);
    }
    buf[n] = '\0';
    size_t k = classify(rules, buf, buf, out, MAXOUT);
    ck_assert_uint_le(k, MAXOUT);

    /* One enormous word, then truncated UTF-8 at the very end. */
    memset(buf, 'a', n);
    memcpy(buf + n - 2, "\xE2\x82", 2);
    k = classify(rules, "", buf, out, MAXOUT);
    ck_assert_uint_eq(k, 0);

    /* A long text of one topic's words: still classified, still bounded. */
    buf[0] = '\0';
    size_t len = 0;
    while (len + 40 < n) {
        memcpy(buf + len, "the striker scored a goal in the match ", 39);
        len += 39;
    }
    buf[len] = '\0';
    k = classify(rules, "", buf, out, MAXOUT);
    ck_assert(has_topic(out, k, "sport"));

    /* Invalid and overlong UTF-8, lone continuation bytes, surrogates. */
    k = classify(rules, "\xC0\xAF\xED\xA0\x80\x80\xFF",
                           "football \xF4\x90\x80\x80 striker\xC3 goalkeeper \xE2\x80\x99 league", out,
                           MAXOUT);
    ck_assert(has_topic(out, k, "sport"));
    free(buf);
}
END_TEST

START_TEST(test_unicode_words)
{
    const char *out[MAXOUT];
    /* Curly apostrophes and dashes separate words; non-ASCII letters are
     * kept inside words. */
    size_t k = classify(rules, "Premier League\xE2\x80\x99s top scorer",
                                  "The striker\xE2\x80\x94who scored twice\xE2\x80\x94helped his club "
                                  "to a victory in the Bundesliga. M\xC3\xBCller and the goalkeeper "
                                  "starred.",
                                  out, MAXOUT);
    ck_assert(has_topic(out, k, "sport"));
}
END_TEST

/* ---- lookup ------------------------------------------------------------- */

static const struct {
    const char *name;
    const char *code; /* NULL: unknown */
} lookups[] = {
    {"economy", "economy"},
    {"ECONOMY", "economy"},
    {"  Economy ", "economy"},
    {"business", "economy"},
    {"Business", "economy"},
    {"finance", "economy"},
    {"war", "conflict"},
    {"peace", "conflict"},
    {"conflict", "conflict"},
    {"justice", "crime"},
    {"law", "crime"},
    {"accident", "disaster"},
    {"technology", "science"},
    {"tech", "science"},
    {"entertainment", "arts"},
    {"culture", "arts"},
    {"media", "arts"},
    {"leisure", "lifestyle"},
    {"sport", "sport"},
    {"sports", "sport"},
    {"Sports", "sport"},
    {"labour", "labour"},
    {"labor", "labour"},
    {"human-interest", "human-interest"},
    {"human interest", "human-interest"},
    {"Human Interest", "human-interest"},
    {"science and technology", "science"},
    {"politics", "politics"},
    {"weather", "weather"},
    {"and", NULL},
    {"of", NULL},
    {"", NULL},
    {"   ", NULL},
    {"nonsense", NULL},
    {"econ omy", NULL},
    {"\xFF\xFE", NULL},
};

START_TEST(test_lookup)
{
    const char *got = nx_topic_lookup(rules, lookups[_i].name);
    if (lookups[_i].code)
        ck_assert_msg(got && strcmp(got, lookups[_i].code) == 0, "lookup(\"%s\"): want %s, got %s",
                      lookups[_i].name, lookups[_i].code, got ? got : "NULL");
    else
        ck_assert_msg(!got, "lookup(\"%s\"): want NULL, got %s", lookups[_i].name, got);
}
END_TEST

START_TEST(test_lookup_null)
{
    ck_assert_ptr_null(nx_topic_lookup(rules, NULL));
    ck_assert_ptr_null(nx_topic_lookup(NULL, "economy"));
}
END_TEST

/* ---- a custom taxonomy -------------------------------------------------- */

static const char custom_rules[] =
    "# A small taxonomy for an astronomy and cooking archive.\r\n"
    "set\ttitle_weight\t2\n"
    "set\tnorm_words\t1000000\n"
    "\n"
    "topic\tastro\tAstronomy and Space\t3\tstars,skywatching\n"
    "astro\t3\ttelescop*\n"
    "astro\t2\tgalaxy\n"
    "astro\t2\tgalaxies\n"
    "astro\t4\tblack hole\n"
    "astro\t1\tmoon\n"
    "astro\t-1\thoney moon\n"
    "astro\t2\twhite dwarf*\n"
    "  # indented comment\n"
    "topic\tCooking\tFood & Cooking\t2.5\n"
    "cooking\t2\trecipe*\n"
    "cooking\t2\tcaf\xC3\xA9\n"
    "cooking\t1.5\tbake\n"
    "Cooking\t2\te-mail\n"
    "cooking\t2\tcr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e\n"
    "topic\tmisc\tMiscellany\t100\n"
    "misc\t1\tthing";

START_TEST(test_custom_taxonomy)
{
    char path[4096];
    nx_topics_t *t = NULL;
    nx_error_t err;
    write_file(path, sizeof path, "custom.tsv", custom_rules, (size_t)-1);
    nx_status_t st = nx_topics_load(path, &t, &err);
    ck_assert_msg(st == NX_OK, "%s", err.msg);
    ck_assert_uint_eq(nx_topics_count(t), 3);
    ck_assert_str_eq(nx_topic_code(t, 0), "astro");
    ck_assert_str_eq(nx_topic_label(t, 0), "Astronomy and Space");
    ck_assert_str_eq(nx_topic_code(t, 1), "cooking"); /* codes are lowercased */

    /* Lookup uses this file's codes, labels and aliases only. */
    ck_assert_str_eq(nx_topic_lookup(t, "Space"), "astro");
    ck_assert_str_eq(nx_topic_lookup(t, "skywatching"), "astro");
    ck_assert_str_eq(nx_topic_lookup(t, "food"), "cooking");
    ck_assert_str_eq(nx_topic_lookup(t, "COOKING"), "cooking");
    ck_assert_ptr_null(nx_topic_lookup(t, "economy"));
    ck_assert_ptr_null(nx_topic_lookup(t, "&"));

    const char *out[MAXOUT];
    double sc[3];
    size_t n;
    /* Prefixes match longer words (and the prefix itself), not shorter. */
    n = classify(t, NULL, "Telescopes and a telescope", out, MAXOUT);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(out[0], "astro");
    nx_topics_scores(t, NULL, "telesco", sc, 3);
    ck_assert_double_eq_tol(sc[0], 0, 1e-9);
    /* sqrt of the count: four hits are worth twice one. */
    nx_topics_scores(t, NULL, "galaxy", sc, 3);
    ck_assert_double_eq_tol(sc[0], 2.0, 1e-6);
    nx_topics_scores(t, NULL, "galaxy galaxy Galaxy GALAXY", sc, 3);
    ck_assert_double_eq_tol(sc[0], 4.0, 1e-6);
    /* Title words count title_weight (2) times. */
    nx_topics_scores(t, "galaxy", NULL, sc, 3);
    ck_assert_double_eq_tol(sc[0], 2.0 * sqrt(2.0), 1e-6);
    /* A phrase adds its own weight; its words must be adjacent, in order,
     * and in the same part (title or text). */
    nx_topics_scores(t, NULL, "a black hole", sc, 3);
    ck_assert_double_eq_tol(sc[0], 4.0, 1e-6);
    nx_topics_scores(t, NULL, "a hole, black", sc, 3);
    ck_assert_double_eq_tol(sc[0], 0.0, 1e-6);
    nx_topics_scores(t, "black", "hole", sc, 3);
    ck_assert_double_eq_tol(sc[0], 0.0, 1e-6);
    nx_topics_scores(t, NULL, "black-hole", sc, 3);
    ck_assert_double_eq_tol(sc[0], 4.0, 1e-6);
    /* A prefix at the end of a phrase. */
    nx_topics_scores(t, NULL, "white dwarfs", sc, 3);
    ck_assert_double_eq_tol(sc[0], 2.0, 1e-6);
    /* A negative phrase cancels its word. */
    nx_topics_scores(t, NULL, "our honey moon", sc, 3);
    ck_assert_double_eq_tol(sc[0], 0.0, 1e-6);
    nx_topics_scores(t, NULL, "the moon", sc, 3);
    ck_assert_double_eq_tol(sc[0], 1.0, 1e-6);
    /* Thresholds: 1 < 3, so the moon alone is no topic. */
    ck_assert_uint_eq(classify(t, NULL, "the moon", out, MAXOUT), 0);
    /* Non-ASCII terms; "e-mail" is the phrase "e mail"; several labels. */
    nx_topics_scores(t, NULL, "Caf\xC3\xA9 e mail", sc, 3);
    ck_assert_double_eq_tol(sc[1], 4.0, 1e-6);
    nx_topics_scores(t, NULL, "cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e", sc, 3);
    ck_assert_double_eq_tol(sc[1], 2.0, 1e-6);
    n = classify(t, "Recipes for a telescope party", "bake a galaxy cake", out, MAXOUT);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(out[0], "astro");
    ck_assert_str_eq(out[1], "cooking");
    nx_topics_free(t);
    unlink(path);
}
END_TEST

START_TEST(test_many_topics)
{
    /* More topics and rules than any fixed-size scratch could hold. */
    char path[4096];
    size_t cap = 1 << 20, len = 0;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    for (int i = 0; i < 300; i++) {
        len += (size_t)snprintf(buf + len, cap - len, "topic\tt%d\tTopic %d\t1\n", i, i);
        for (int j = 0; j < 30; j++)
            len += (size_t)snprintf(buf + len, cap - len, "t%d\t1\tw%dx%d\n", i, i, j);
    }
    write_file(path, sizeof path, "many.tsv", buf, len);
    nx_topics_t *t;
    nx_error_t err;
    ck_assert_msg(nx_topics_load(path, &t, &err) == NX_OK, "%s", err.msg);
    ck_assert_uint_eq(nx_topics_count(t), 300);
    const char *out[MAXOUT];
    size_t n = classify(t, "w299x1 w299x2", "w7x3 w299x4", out, MAXOUT);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(out[0], "t299");
    ck_assert_str_eq(out[1], "t7");
    ck_assert_str_eq(nx_topic_lookup(t, "t150"), "t150");
    nx_topics_free(t);
    unlink(path);
    free(buf);
}
END_TEST

/* ---- malformed rules files ---------------------------------------------- */

#define NUL_CASE "topic\ta\tA\t3\na\t1\two\0rd\n"

static const struct {
    const char *contents;
    size_t len;      /* 0: strlen */
    int line;        /* the line the message must name; 0: any */
    const char *what;/* a fragment of the message */
} bad_files[] = {
    {"topic\ta\tA\t3\nb\t1\tword\n", 0, 2, "undeclared topic"},
    {"topic\ta\tA\t3\na\tlots\tword\n", 0, 2, "bad weight"},
    {"topic\ta\tA\t3\na\t0\tword\n", 0, 2, "bad weight"},
    {"topic\ta\tA\t3\na\tnan\tword\n", 0, 2, "bad weight"},
    {"topic\ta\tA\t3\na\t1e999\tword\n", 0, 2, "bad weight"},
    {"topic\ta\tA\t3\na\t2x\tword\n", 0, 2, "bad weight"},
    {"topic\ta\tA\tzero\n", 0, 1, "bad threshold"},
    {"topic\ta\tA\t-1\n", 0, 1, "bad threshold"},
    {"topic\ta\tA\n", 0, 1, "topic line"},
    {"topic\ta\tA\t3\nb\tB\t3\n", 0, 2, "undeclared topic"},
    {"# c\n\ntopic\ta\tA\t3\ntopic\ta\tAgain\t3\n", 0, 4, "duplicate topic"},
    {"topic\tbad code!\tA\t3\n", 0, 1, "bad topic code"},
    {"topic\ttopic\tA\t3\n", 0, 1, "bad topic code"},
    {"topic\ta\t \t3\n", 0, 1, "empty topic label"},
    {"topic\ta\tA\t3\na\t1\tword\na\t2\tword\n", 0, 3, "duplicate rule"},
    {"topic\ta\tA\t3\na\t1\tblack hole\na\t2\tBlack  Hole\n", 0, 3, "duplicate rule"},
    {"topic\ta\tA\t3\na\t1\n", 0, 2, "rule line"},
    {"topic\ta\tA\t3\na\t1\tx\ty\n", 0, 2, "rule line"},
    {"topic\ta\tA\t3\na\t1\tx\ty\tz\tw\tv\tu\n", 0, 2, "too many fields"},
    {"topic\ta\tA\t3\na\t1\tec*on\n", 0, 2, "'*'"},
    {"topic\ta\tA\t3\na\t1\te*\n", 0, 2, "prefix too short"},
    {"topic\ta\tA\t3\na\t1\te-mail*\n", 0, 2, "single word"},
    {"topic\ta\tA\t3\na\t1\tone two three four five six seven eight nine\n", 0, 2, "phrase too long"},
    {"topic\ta\tA\t3\na\t1\t-- !!\n", 0, 2, "no word"},
    {"topic\ta\tA\t3\na\t1\t \n", 0, 2, "empty term"},
    {"topic\ta\tA\t3\na\t1\tword\xFF\n", 0, 2, "invalid UTF-8"},
    {NUL_CASE, sizeof NUL_CASE - 1, 2, "NUL"},
    {"topic\ta\tA\t3\na\t1\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
     0, 2, "too long"},
    {"set\ttitle_weight\tlots\n", 0, 1, "title_weight"},
    {"set\tmin_ratio\t2\n", 0, 1, "min_ratio"},
    {"set\tcolour\tblue\n", 0, 1, "unknown setting"},
    {"set\tnorm_words\n", 0, 1, "set line"},
    {"# only comments\n\n", 0, 2, "no topics"},
    {"", 0, 0, "no topics"},
    {"\xEF\xBB\xBFtopic\ta\tA\t3\n\n\n\na\t1\tfine\r\na\t1\tbad*word\r\n", 0, 6, "'*'"},
};

START_TEST(test_bad_file)
{
    char path[4096], where[64];
    nx_topics_t *t = (nx_topics_t *)&t; /* must be reset to NULL */
    nx_error_t err;
    size_t len = bad_files[_i].len ? bad_files[_i].len : strlen(bad_files[_i].contents);
    write_file(path, sizeof path, "bad.tsv", bad_files[_i].contents, len);
    nx_status_t st = nx_topics_load(path, &t, &err);
    ck_assert_msg(st == NX_E_PARSE, "case %d: want NX_E_PARSE, got %d (%s)", _i, st,
                  st ? err.msg : "");
    ck_assert_ptr_null(t);
    ck_assert_int_eq(err.code, NX_E_PARSE);
    ck_assert_msg(strstr(err.msg, bad_files[_i].what), "case %d: message \"%s\" lacks \"%s\"", _i,
                  err.msg, bad_files[_i].what);
    ck_assert_msg(strncmp(err.msg, path, strlen(path)) == 0, "message \"%s\" lacks the path",
                  err.msg);
    if (bad_files[_i].line) {
        snprintf(where, sizeof where, ":%d: ", bad_files[_i].line);
        ck_assert_msg(strstr(err.msg, where), "case %d: message \"%s\" lacks line %d", _i, err.msg,
                      bad_files[_i].line);
    }
    unlink(path);
}
END_TEST

START_TEST(test_load_errors)
{
    char path[4096];
    nx_topics_t *t = (nx_topics_t *)&t;
    nx_error_t err;
    snprintf(path, sizeof path, "%s/no-such-file.tsv", tmpdir);
    ck_assert_int_eq(nx_topics_load(path, &t, &err), NX_E_IO);
    ck_assert_ptr_null(t);
    ck_assert_ptr_nonnull(strstr(err.msg, "no-such-file.tsv"));
    ck_assert_int_eq(nx_topics_load(tmpdir, &t, &err), NX_E_IO); /* a directory */
    ck_assert_ptr_null(t);
    ck_assert_int_eq(nx_topics_load(NULL, &t, &err), NX_E_INVALID);
    ck_assert_int_eq(nx_topics_load(path, NULL, NULL), NX_E_INVALID);
    ck_assert_int_eq(nx_topics_load(path, &t, NULL), NX_E_IO); /* err is optional */
}
END_TEST

static Suite *topic_suite(void)
{
    Suite *s = suite_create("topic");
    TCase *tc = tcase_create("default rules");
    tcase_add_checked_fixture(tc, setup_default, teardown_default);
    tcase_add_test(tc, test_default_taxonomy);
    tcase_add_loop_test(tc, test_snippet, 0, (int)(sizeof snippets / sizeof *snippets));
    tcase_add_test(tc, test_best_first);
    tcase_add_test(tc, test_not_everything);
    tcase_add_test(tc, test_max_and_null);
    tcase_add_test(tc, test_hostile_text);
    tcase_add_test(tc, test_unicode_words);
    tcase_add_loop_test(tc, test_lookup, 0, (int)(sizeof lookups / sizeof *lookups));
    tcase_add_test(tc, test_lookup_null);
    suite_add_tcase(s, tc);

    tc = tcase_create("rules files");
    tcase_add_checked_fixture(tc, setup_tmp, teardown_tmp);
    tcase_add_test(tc, test_custom_taxonomy);
    tcase_add_test(tc, test_many_topics);
    tcase_add_loop_test(tc, test_bad_file, 0, (int)(sizeof bad_files / sizeof *bad_files));
    tcase_add_test(tc, test_load_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    int failed;
    SRunner *sr = srunner_create(topic_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
