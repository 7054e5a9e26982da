#!/bin/sh
# make-timeline.sh DIR: a small archive with known dates for the tests of
# --timeline, --coverage and --top-terms (tests/e2e-report.sh):
#   Reuters, two articles a day (10:00 and 15:00 UTC) from 2020-01-01 to
#     2020-03-20, none from 2020-02-10 to 2020-02-16 (a gap), none after
#     2020-03-20 (a feed gone quiet);
#   BBC News, one a day at noon, 2020-01-01 to 2020-03-31;
#   "quagga" (with "marmalade") in Reuters' 10:00 articles of 2020-01-01..05
#     and 2020-03-01..03: none in February;
#   "okapi" in four Reuters articles at bucket edges, dated with offsets:
#     2020-01-05T23:59:59Z (a Sunday), 2020-01-06T00:00:00Z (a Monday),
#     2020-01-31T23:30:00-05:00 (2020-02-01 in UTC, but of January 31 where
#     it was published), 2020-03-01T00:30:00+02:00 (2020-02-29 in UTC).
set -eu
dir=$1
mkdir -p "$dir"
awk -v dir="$dir" '
function days_in(m) { return m == 2 ? 29 : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31 }
function article(path, site, when, title, body) {
    printf "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<title>%s</title>\n", title >path
    printf "<meta property=\"og:site_name\" content=\"%s\">\n", site >path
    printf "<meta property=\"article:published_time\" content=\"%s\">\n</head>\n", when >path
    printf "<body><article><h1>%s</h1>\n<p>%s</p>\n</article></body></html>\n", title, body >path
    close(path)
}
BEGIN {
    split("grain harvest rainfall exports shipping port cargo weather farmers market", w, " ")
    n = 0
    for (m = 1; m <= 3; m++) for (d = 1; d <= days_in(m); d++) {
        day = sprintf("2020-%02d-%02d", m, d)
        sub_dir = sprintf("%s/2020/%02d/%02d", dir, m, d)
        system("mkdir -p " sub_dir)
        n++
        body = sprintf("Daily bulletin %d on %s and %s in the region.", n, w[1 + n % 10], w[1 + (n * 3) % 10])
        article(sub_dir "/bbc.html", "BBC News", day "T12:00:00+00:00", "BBC bulletin " day, body)
        if (day > "2020-03-20" || (day >= "2020-02-10" && day <= "2020-02-16"))
            continue
        q = (day <= "2020-01-05" || (day >= "2020-03-01" && day <= "2020-03-03")) ? " A quagga was seen near the marmalade factory." : ""
        article(sub_dir "/wire-am.html", "Reuters", day "T10:00:00Z", "Morning wire " day, body q)
        article(sub_dir "/wire-pm.html", "Reuters", day "T15:00:00Z", "Afternoon wire " day, body)
    }
    split("2020-01-05T23:59:59Z 2020-01-06T00:00:00Z 2020-01-31T23:30:00-05:00 2020-03-01T00:30:00+02:00", e, " ")
    system("mkdir -p " dir "/edges")
    for (i = 1; i <= 4; i++)
        article(sprintf("%s/edges/okapi-%d.html", dir, i), "Reuters", e[i], "Okapi sighting " i,
                "An okapi was reported at the edge of the forest.")
}'
