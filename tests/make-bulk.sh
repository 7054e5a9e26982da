#!/bin/sh
# make-bulk.sh DIR N: write N plain-text articles (seed layout) into DIR,
# deterministic (fixed seed), for tests that need a run lasting a while.
set -eu
dir=$1
n=$2
mkdir -p "$dir"
awk -v n="$n" -v dir="$dir" 'BEGIN {
    srand(20210408)
    split("oil prices rose sharply markets traders said the central bank would raise rates " \
          "government minister talks trade agreement exports fell grain harvest drought " \
          "election parliament vote coalition company shares profit quarter results merger " \
          "football match season players coach health vaccine hospital storm flood rescue", w, " ")
    nw = length(w)
    split("January February March April May June July August September October November December", mon, " ")
    for (i = 1; i <= n; i++) {
        y = 1990 + (i % 30); m = 1 + (i % 12); d = 1 + (i % 28)
        sub_dir = sprintf("%s/%04d/%02d", dir, y, m)
        if (!(sub_dir in made)) { system("mkdir -p " sub_dir); made[sub_dir] = 1 }
        f = sprintf("%s/bulk-%05d.txt", sub_dir, i)
        title = sprintf("Bulk Story %d About %s And %s", i, w[1 + int(rand() * nw)], w[1 + int(rand() * nw)])
        printf "<!-- saved page -->\n\n%s\n\nA short standfirst for story %d.\n\n%s %d, %d\n%s\nSOURCE: REUTERS\n\n", title, i, mon[m], d, y, title > f
        for (p = 0; p < 4; p++) {
            line = ""
            for (k = 0; k < 60; k++) line = line w[1 + int(rand() * nw)] " "
            printf "%s.\n\n", line > f
        }
        close(f)
    }
}'
