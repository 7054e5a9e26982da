/* check_country.c - unit tests for the gazetteer and country extraction.
 *
 * The real gazetteer is found through NX_DATA_DIR (default "data"). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "newsindex/country.h"

static nx_gazetteer_t *gaz;

static void gaz_setup(void)
{
    const char *dir = getenv("NX_DATA_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/countries.tsv", dir && *dir ? dir : "data");
    nx_error_t err;
    nx_status_t st = nx_gazetteer_load(path, &gaz, &err);
    ck_assert_msg(st == NX_OK, "loading %s: %s", path, err.msg);
}

static void gaz_teardown(void)
{
    nx_gazetteer_free(gaz);
    gaz = NULL;
}

/* ------------------------------------------------------------ extraction */

typedef struct {
    const char *what;
    const char *title, *dateline, *text;
    const char *want;   /* codes that must be found, space-separated */
    const char *reject; /* codes that must not be found */
    const char *first;  /* the code that must come first, or NULL */
} xcase_t;

static const xcase_t xcases[] = {
    {"longest match: Papua New Guinea, not Guinea", NULL, NULL,
     "Papua New Guinea said on Tuesday it would reopen the Porgera gold mine.",
     "pg", "gn", "pg"},
    {"New Mexico is a US state", NULL, NULL,
     "Drought hit farmers across New Mexico and Arizona this summer, officials in New Mexico said.",
     "us", "mx", "us"},
    {"New South Wales is Australian", NULL, NULL,
     "Bushfires in New South Wales destroyed 200 homes, the New South Wales fire service said.",
     "au", "gb", "au"},
    {"Guinea-Bissau is not Guinea", NULL, NULL,
     "Soldiers in Guinea-Bissau seized the presidential palace, residents of Guinea-Bissau said.",
     "gw", "gn", "gw"},
    {"Niger is not Nigeria", NULL, NULL,
     "Niger's junta closed the border. Officials in Niger said trade had stopped.", "ne", "ng",
     "ne"},
    {"Nigeria is not Niger", NULL, NULL,
     "Nigeria's central bank cut rates. Nigerian banks welcomed the move.", "ng", "ne", "ng"},
    {"the Niger Delta is in Nigeria", NULL, NULL,
     "Militants attacked an oil pipeline in the Niger Delta, Shell said on Monday. "
     "The Niger Delta produces most of the crude.",
     "ng", "ne", NULL},
    {"Georgia the US state, by context", NULL, NULL,
     "Voters in Georgia went to the polls on Tuesday. Turnout in Atlanta and across Georgia was high.",
     "us", "ge", "us"},
    {"Georgia the country, by context", NULL, NULL,
     "Protesters filled the streets of Tbilisi as Georgia's parliament passed the bill. "
     "Georgia applied to join the European Union.",
     "ge", "us", "ge"},
    {"Michael Jordan is a person", NULL, NULL,
     "Michael Jordan scored 40 points as the Bulls won in overtime last night.", "", "jo", NULL},
    {"a name seen as a person stays a person", "Jordan Leads Bulls to Victory", NULL,
     "Michael Jordan scored 45 points. Jordan said he was tired.", "", "jo", NULL},
    {"Jordan the country", NULL, NULL,
     "Jordan's King Abdullah met refugees in Amman. Jordan hosts more than a million Syrians.",
     "jo", "", "jo"},
    {"turkey the bird", NULL, NULL,
     "Families across the country will roast a turkey this week; turkey prices rose 5 percent.",
     "", "tr", NULL},
    {"Turkey at a sentence start", NULL, NULL,
     "Turkey said on Monday it would raise tariffs on steel imports.", "tr", "", "tr"},
    {"Turkey Title Case headline needs other evidence", "Turkey Prices Soar Before Thanksgiving",
     NULL, "Shoppers paid more for their holiday turkey this year, grocers said.", "", "tr", NULL},
    {"TURKEY in capitals with evidence", "TURKEY RAISES RATES AGAIN", NULL,
     "The central bank in Ankara raised its main rate by 500 basis points.", "tr", "", "tr"},
    {"the Washington Post is not a place", NULL, NULL,
     "French officials told the Washington Post that the reform would pass. "
     "France's parliament votes next week.",
     "fr", "us", "fr"},
    {"the Indian Ocean is not India", NULL, NULL,
     "A cyclone in the Indian Ocean is heading for Mauritius, where schools were closed.", "mu",
     "in", "mu"},
    {"Indian the adjective is India", NULL, NULL,
     "Indian officials said the monsoon rains were late this year.", "in", "", "in"},
    {"dateline HOUSTON", "Oil Company Raises Dividend", "HOUSTON",
     "The company said it would raise its quarterly dividend by two cents.", "us", "", "us"},
    {"dateline found in the text", NULL, NULL,
     "HOUSTON, Feb 26 (Reuters) - The company said it would raise its dividend.", "us", "", "us"},
    {"dateline with a state abbreviation", NULL, NULL,
     "GREENWICH, Conn., March 2 (Reuters) - The firm said profits rose.", "us", "", "us"},
    {"modern dateline with the country", NULL, NULL,
     "KYIV, Ukraine (AP) \xe2\x80\x94 Air raid sirens sounded across the capital overnight.",
     "ua", "", "ua"},
    {"demonyms", NULL, NULL,
     "Pakistani and Japanese negotiators met Saudi officials to discuss oil supplies.",
     "pk jp sa", "", NULL},
    {"historical: the Soviet Union", "Soviet Grain Imports Rise", "MOSCOW",
     "The Soviet Union bought more U.S. wheat, Soviet officials in Moscow said.", "su", "ru",
     "su"},
    {"historical: East Germany and Yugoslavia", NULL, NULL,
     "East German and Yugoslav trade officials met in East Berlin. "
     "Yugoslavia and East Germany signed a barter deal.",
     "dd yu", "", NULL},
    {"historical: Zaire and Burma", NULL, NULL,
     "Zaire and Burma signed an agreement on tin. Zaire's mines produce cobalt too.", "zr mm",
     "", NULL},
    {"West German is Germany", NULL, NULL,
     "West German industrial output rose 2 percent, the Bonn government said.", "de", "", "de"},
    {"U.S. and U.K. with periods", NULL, NULL,
     "U.S. and U.K. officials met on Tuesday. The U.S. delegation left early.", "us gb", "",
     NULL},
    {"lower-case us is a pronoun", NULL, NULL,
     "\"Let us go,\" he told us, and they let us leave the building.", "", "us", NULL},
    {"cities map to countries", NULL, NULL,
     "Commodity traders in Chicago bid up soybean futures. Chicago traders cited dry weather.",
     "us", "", "us"},
    {"Karachi and Lahore are Pakistani", NULL, NULL,
     "Power cuts hit Karachi and Lahore for a third day.", "pk", "", "pk"},
    {"Sao Paulo with and without the accent", NULL, NULL,
     "Shares in S\xc3\xa3o Paulo fell. Sao Paulo brokers blamed politics.", "br", "", "br"},
    {"Ivory Coast, Holland, North and South Korea", NULL, NULL,
     "Ivory Coast cocoa went to Holland. North Korea and South Korea held talks.",
     "ci nl kp kr", "", NULL},
    {"Chad the first name", NULL, NULL,
     "Chad Johnson caught two touchdown passes on Sunday.", "", "td", NULL},
    {"Chad the country", NULL, NULL,
     "Rebels advanced on N'Djamena, and Chad's army retreated south.", "td", "", "td"},
    {"title and lead outweigh a passing mention", "Japan Trade Surplus Widens", "TOKYO",
     "Japan's trade surplus widened in January, the finance ministry said.\n\n"
     "Exports to Europe grew.\n\nOne analyst compared the figures with Brazil's.",
     "jp", "br", "jp"},
    {"Soviet Union absorbs Moscow only when named at least as much as Russia", NULL, NULL,
     "Russia's parliament met in Moscow on Friday. Russian lawmakers voted 300 to 12. "
     "Russia was part of the Soviet Union until 1991.",
     "ru", "su", "ru"},
    {"Saint and St. are the same", NULL, "ST. PAUL", "The company said sales rose.", "us", "",
     "us"},
    {"nothing to find", "Quarterly Results", NULL, "The company said its net profit rose.", "", "",
     NULL},
};

static int has_code(char (*codes)[3], size_t n, const char *c)
{
    for (size_t i = 0; i < n; i++)
        if (strncmp(codes[i], c, 2) == 0)
            return 1;
    return 0;
}

/* nx_countries_extract()'s count; its status must be NX_OK. */
static size_t extract(const nx_gazetteer_t *g, const nx_country_input_t *in, char (*codes)[3],
                      size_t max)
{
    size_t n = 99;
    ck_assert_int_eq(nx_countries_extract(g, in, codes, max, &n), NX_OK);
    ck_assert_uint_le(n, max);
    return n;
}

START_TEST(test_extract_table)
{
    const xcase_t *c = &xcases[_i];
    nx_country_input_t in = {c->title, c->dateline, c->text};
    char codes[16][3];
    size_t n = extract(gaz, &in, codes, 16);
    char got[64] = "";
    for (size_t i = 0; i < n; i++) {
        strcat(got, codes[i]);
        strcat(got, " ");
    }
    char buf[64];
    snprintf(buf, sizeof buf, "%s", c->want);
    for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " "))
        ck_assert_msg(has_code(codes, n, tok), "%s: want %s, got [%s]", c->what, tok, got);
    snprintf(buf, sizeof buf, "%s", c->reject);
    for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " "))
        ck_assert_msg(!has_code(codes, n, tok), "%s: must not find %s, got [%s]", c->what, tok,
                      got);
    if (c->first)
        ck_assert_msg(n > 0 && strcmp(codes[0], c->first) == 0, "%s: want %s first, got [%s]",
                      c->what, c->first, got);
    if (!c->want[0] && !c->reject[0])
        ck_assert_msg(n == 0, "%s: want nothing, got [%s]", c->what, got);
}
END_TEST

START_TEST(test_extract_max_and_null)
{
    nx_country_input_t in = {NULL, NULL,
                             "France, Germany, Italy and Spain agreed; France led. France wins."};
    char codes[4][3];
    ck_assert_uint_eq(extract(gaz, &in, codes, 1), 1);
    ck_assert_str_eq(codes[0], "fr");
    ck_assert_uint_eq(extract(gaz, &in, codes, 0), 0);
    ck_assert_uint_eq(extract(NULL, &in, codes, 4), 0);
    nx_country_input_t empty = {NULL, NULL, NULL};
    ck_assert_uint_eq(extract(gaz, &empty, codes, 4), 0);
    nx_country_input_t blank = {"", "", ""};
    ck_assert_uint_eq(extract(gaz, &blank, codes, 4), 0);
}
END_TEST

START_TEST(test_extract_hostile)
{
    /* Invalid UTF-8, lone continuation bytes, overlong forms, controls. */
    const char *bad = "\xff\xfe Pakistan \xc0\xaf\x80\x80 Karachi \xed\xa0\x80 \x01\x02 "
                      "\xf4\x90\x80\x80 Lahore \xe2\x80";
    nx_country_input_t in = {bad, bad, bad};
    char codes[4][3];
    size_t n = extract(gaz, &in, codes, 4);
    ck_assert(has_code(codes, n, "pk"));

    /* Several megabytes in one line, and a single enormous word: linear. */
    size_t big = 8u << 20;
    char *s = malloc(big + 1);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < big; i++)
        s[i] = "Papua New Guinea "[i % 17];
    s[big] = '\0';
    in = (nx_country_input_t){NULL, NULL, s};
    clock_t t0 = clock();
    n = extract(gaz, &in, codes, 4);
    ck_assert(has_code(codes, n, "pg"));
    memset(s, 'A', big);
    in.title = s;
    in.dateline = s;
    n = extract(gaz, &in, codes, 4);
    ck_assert_uint_eq(n, 0);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    ck_assert_msg(secs < 5.0, "hostile input took %.1f s", secs);
    free(s);
}
END_TEST

/* ------------------------------------------------------------ lookups */

typedef struct {
    const char *name, *code; /* code NULL: not found */
} lcase_t;

static const lcase_t lcases[] = {
    {"pakistan", "pk"},        {"Pakistan", "pk"},      {"PK", "pk"},
    {"pk", "pk"},              {"united states", "us"}, {"United States of America", "us"},
    {"U.S.", "us"},            {"usa", "us"},           {"Soviet", "su"},
    {"soviet union", "su"},    {"USSR", "su"},          {"uk", "gb"},
    {"U.K.", "gb"},            {"Great Britain", "gb"}, {"British", "gb"},
    {"burma", "mm"},           {"West Germany", "de"},  {"east germany", "dd"},
    {"Côte d'Ivoire", "ci"},   {"cote d'ivoire", "ci"}, {"Ivory Coast", "ci"},
    {"Papua New Guinea", "pg"}, {"zaire", "zr"},        {"Yugoslavia", "yu"},
    {"Czechoslovakia", "cs"},  {"Holland", "nl"},       {"south korea", "kr"},
    {"Pakistani", "pk"},       {"Atlantis", NULL},      {"", NULL},
    {"zz", NULL},              {"Washington Post", NULL}, {"pakistan x", NULL},
};

START_TEST(test_lookup_table)
{
    const lcase_t *c = &lcases[_i];
    char code[3] = "??";
    int found = nx_country_lookup(gaz, c->name, code);
    if (c->code) {
        ck_assert_msg(found == 1, "lookup %s: not found", c->name);
        ck_assert_msg(strcmp(code, c->code) == 0, "lookup %s: got %s, want %s", c->name, code,
                      c->code);
    } else {
        ck_assert_msg(found == 0, "lookup %s: unexpectedly found %s", c->name, code);
    }
}
END_TEST

static const lcase_t ncases[] = {
    {"pk", "Pakistan"},       {"PK", "Pakistan"},   {"us", "United States"},
    {"gb", "United Kingdom"}, {"su", "Soviet Union"}, {"dd", "East Germany"},
    {"de", "Germany"},        {"tr", "Turkey"},     {"zz", NULL},
    {"p", NULL},              {"pak", NULL},        {"", NULL},
};

START_TEST(test_name_table)
{
    const lcase_t *c = &ncases[_i];
    const char *name = nx_country_name(gaz, c->name);
    if (c->code) {
        ck_assert_ptr_nonnull(name);
        ck_assert_str_eq(name, c->code);
    } else {
        ck_assert_ptr_null(name);
    }
}
END_TEST

START_TEST(test_every_code_has_a_name)
{
    /* Every code the lookups can return must be displayable. */
    static const char *const names[] = {"france", "japan", "soviet", "brazil", "kenya",
                                        "vatican", "kosovo", "yugoslav"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char code[3];
        ck_assert(nx_country_lookup(gaz, names[i], code));
        ck_assert_ptr_nonnull(nx_country_name(gaz, code));
    }
}
END_TEST

/* ------------------------------------------------------------ loading */

static char tmpdir[] = "/tmp/check_country.XXXXXX";

static const char *write_tmp(const char *name, const char *content)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(content, f);
    fclose(f);
    return path;
}

typedef struct {
    const char *content;
    nx_status_t st;
    const char *msg; /* a substring of the error message */
} loadcase_t;

static const loadcase_t loadcases[] = {
    {"# ok\nPK\tname\tPakistan\nPK\tcity\tKarachi\tw=0.5\n-\tstop\tKarachi Kings\n", NX_OK, ""},
    {"PK\tname\tPakistan\nPK\tnonsense\tX\n", NX_E_PARSE, ":2:"},
    {"PK\tname\n", NX_E_PARSE, ":1:"},
    {"PKX\tname\tPakistan\n", NX_E_PARSE, "CODE"},
    {"pk\tname\tPakistan\n", NX_E_PARSE, "CODE"},
    {"-\tname\tPakistan\n", NX_E_PARSE, "stop"},
    {"PK\tstop\tPakistan\n", NX_E_PARSE, "stop"},
    {"PK\tname\tPakistan\tloud\n", NX_E_PARSE, "FLAGS"},
    {"PK\tname\tPakistan\tw=abc\n", NX_E_PARSE, "FLAGS"},
    {"PK\tname\tKarachi, Sindh\n", NX_E_PARSE, "punctuation"},
    {"PK\tname\t...\n", NX_E_PARSE, "empty"},
    {"PK\tname\tPak\xffistan\n", NX_E_PARSE, "UTF-8"},
    {"SU\tsuccessor\tRUS\n", NX_E_PARSE, "successor"},
    {"# only comments\n\n", NX_E_PARSE, "no names"},
};

START_TEST(test_load_table)
{
    const loadcase_t *c = &loadcases[_i];
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    const char *path = write_tmp("g.tsv", c->content);
    nx_gazetteer_t *g = (nx_gazetteer_t *)1;
    nx_error_t err;
    nx_status_t st = nx_gazetteer_load(path, &g, &err);
    ck_assert_msg(st == c->st, "case %d: status %d, want %d (%s)", _i, st, c->st, err.msg);
    if (st == NX_OK) {
        ck_assert_ptr_nonnull(g);
        nx_country_input_t in = {NULL, NULL, "Talks in Pakistan. The Karachi Kings won."};
        char codes[2][3];
        ck_assert_uint_eq(extract(g, &in, codes, 2), 1);
        ck_assert_str_eq(codes[0], "pk");
        nx_gazetteer_free(g);
    } else {
        ck_assert_ptr_null(g);
        ck_assert_int_eq(err.code, c->st);
        ck_assert_msg(strstr(err.msg, c->msg), "case %d: message \"%s\" lacks \"%s\"", _i,
                      err.msg, c->msg);
    }
    unlink(path);
    rmdir(tmpdir);
    memcpy(tmpdir + strlen(tmpdir) - 6, "XXXXXX", 6);
}
END_TEST

START_TEST(test_load_missing)
{
    nx_gazetteer_t *g = (nx_gazetteer_t *)1;
    nx_error_t err;
    ck_assert_int_eq(nx_gazetteer_load("/nonexistent/countries.tsv", &g, &err), NX_E_IO);
    ck_assert_ptr_null(g);
    ck_assert_int_eq(err.code, NX_E_IO);
    ck_assert(strstr(err.msg, "/nonexistent/countries.tsv") != NULL);
    ck_assert_int_eq(nx_gazetteer_load("/nonexistent/countries.tsv", &g, NULL), NX_E_IO);
    nx_gazetteer_free(NULL);
}
END_TEST

START_TEST(test_load_speed)
{
    /* Loading happens at every program start. */
    const char *dir = getenv("NX_DATA_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/countries.tsv", dir && *dir ? dir : "data");
    struct timespec a, b;
    nx_gazetteer_t *g;
    clock_gettime(CLOCK_MONOTONIC, &a);
    ck_assert_int_eq(nx_gazetteer_load(path, &g, NULL), NX_OK);
    clock_gettime(CLOCK_MONOTONIC, &b);
    nx_gazetteer_free(g);
    double ms = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
    /* Generous: sanitizers and valgrind slow this down many times. */
    ck_assert_msg(ms < 5000, "loading took %.0f ms", ms);
}
END_TEST

static Suite *country_suite(void)
{
    Suite *s = suite_create("country");
    TCase *tc = tcase_create("extract");
    tcase_add_checked_fixture(tc, gaz_setup, gaz_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_extract_table, 0, (int)(sizeof xcases / sizeof xcases[0]));
    tcase_add_test(tc, test_extract_max_and_null);
    tcase_add_test(tc, test_extract_hostile);
    suite_add_tcase(s, tc);

    tc = tcase_create("lookup");
    tcase_add_checked_fixture(tc, gaz_setup, gaz_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_lookup_table, 0, (int)(sizeof lcases / sizeof lcases[0]));
    tcase_add_loop_test(tc, test_name_table, 0, (int)(sizeof ncases / sizeof ncases[0]));
    tcase_add_test(tc, test_every_code_has_a_name);
    suite_add_tcase(s, tc);

    tc = tcase_create("load");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_load_table, 0, (int)(sizeof loadcases / sizeof loadcases[0]));
    tcase_add_test(tc, test_load_missing);
    tcase_add_test(tc, test_load_speed);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(country_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
