# e2e-stories.sh - sourced by e2e.sh: near-duplicate clusters (newsindex)
# and stories (newssearch: collapsed hits, --no-collapse, --count-by,
# --similar, --dups, --timeline-of, --info). The articles are written
# here: one wire story as outlets republish it (an exact copy, a
# paragraph added, one removed, the paragraphs reordered, a new headline,
# a correction), two articles on the same subject that must stay apart,
# and a second story with one copy.

sd="$T/stories"
sa="$sd/news"
mkdir -p "$sa/wire" "$sa/dawn" "$sa/ap" "$sa/gulf" "$sa/bbc"

P1="ISLAMABAD, March 3 - Pakistan and Iran signed an agreement on Tuesday to build a gas pipeline from the Iranian field of South Pars to the Pakistani port of Gwadar, officials of both governments said."
P2="The pipeline, about 780 kilometres long, would carry up to 21 million cubic metres of gas a day once it is finished, the petroleum ministry said in a statement read to reporters in the capital."
P2C="The pipeline, about 870 kilometres long, would carry up to 21 million cubic metres of gas a day once it is finished, the petroleum ministry said in a statement read to reporters in the capital."
P3="Work on the Pakistani section is due to start next year and to take three years, said the minister, who did not say how the country would pay for its share of the cost."
P4="Western diplomats said the project could strain relations with Washington, which has urged its allies to limit their trade with Tehran while talks on its nuclear programme continue."
P5="Shares of the state gas distributor rose four percent on the Karachi exchange after the announcement, brokers said, in a market that was otherwise quiet."
P6="An earlier plan to extend the line to India was dropped after New Delhi withdrew over prices and security, though officials said the door remained open."
PX="Opposition leaders welcomed the deal but asked the government to publish the terms of the gas price, which they said had been kept from parliament."

# story FILE TITLE DATE SOURCE PARAGRAPH...: an article page
story() {
    f=$1; title=$2; date=$3; src=$4; shift 4
    {
        printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>%s</title>\n' "$title"
        printf '<meta property="og:title" content="%s">\n' "$title"
        printf '<meta property="og:site_name" content="%s">\n' "$src"
        printf '<meta property="article:published_time" content="%s">\n' "$date"
        printf '</head><body><article><h1>%s</h1>\n' "$title"
        for p in "$@"; do printf '<p>%s</p>\n' "$p"; done
        printf '</article></body></html>\n'
    } >"$f"
}
story "$sa/wire/pipeline.html" "Pakistan, Iran sign gas pipeline deal" 2021-03-03T09:00:00Z Reuters "$P1" "$P2" "$P3" "$P4" "$P5" "$P6"
story "$sa/dawn/pipeline-copy.html" "Pakistan, Iran sign gas pipeline deal" 2021-03-03T11:00:00Z Dawn "$P1" "$P2" "$P3" "$P4" "$P5" "$P6"
story "$sa/wire/pipeline-update.html" "UPDATE 1-Pakistan, Iran sign gas pipeline deal" 2021-03-03T14:00:00Z Reuters "$P1" "$P2" "$P3" "$PX" "$P4" "$P5" "$P6"
story "$sa/ap/pipeline-short.html" "Pakistan and Iran agree on pipeline" 2021-03-03T15:00:00Z "Associated Press" "$P1" "$P2" "$P3" "$P4" "$P6"
story "$sa/gulf/pipeline.html" "Pakistan-Iran pipeline signed" 2021-03-04T06:00:00Z "Gulf News" "$P2" "$P1" "$P5" "$P3" "$P6" "$P4"
story "$sa/bbc/pipeline.html" "Gas deal links Tehran and Islamabad" 2021-03-04T08:00:00Z BBC "$P1" "$P2" "$P3" "$P4" "$P5" "$P6"
story "$sa/wire/pipeline-correction.html" "CORRECTED-Pakistan, Iran sign gas pipeline deal" 2021-03-04T10:00:00Z Reuters "$P1" "$P2C" "$P3" "$P4" "$P5" "$P6"
# The same subject, other articles: never in the story's cluster.
story "$sa/dawn/gas-shortage.html" "Gas shortage to worsen, says company" 2021-03-05T09:00:00Z Dawn \
    "KARACHI, March 5 - Pakistan's gas shortage will worsen this winter unless new supplies arrive, the head of the national gas company told a conference on Thursday." \
    "He said the pipeline from Iran, agreed this week, would not deliver gas before the end of the decade, and that imports of liquefied gas by sea were the only answer for now." \
    "Factories in Punjab closed for two days last month when pressure in the network fell, and textile exporters said they had lost orders to Bangladesh."
story "$sa/wire/pipeline-analysis.html" "ANALYSIS-Pipeline deal tests Pakistan's ties with U.S." 2021-03-06T09:00:00Z Reuters \
    "ISLAMABAD, March 6 - The gas pipeline Pakistan agreed with Iran this week puts Islamabad in a bind: it needs the gas, and it needs the goodwill of Washington, its largest aid donor." \
    "Analysts said sanctions on Iranian banks would make the payments hard to arrange, and that Chinese lenders were the likeliest source of money for the Pakistani section." \
    "The petroleum minister said on Saturday that the country would not be told where to buy its energy, and that work would begin as planned."
# A second story and its copy.
FL1="DHAKA, July 2 - Floods in northern Bangladesh have driven more than 200,000 people from their homes after a week of monsoon rain, the disaster ministry said on Friday."
FL2="Rivers rose above danger levels in six districts, and the army was sent to help evacuate villages cut off by the water, a ministry spokesman told reporters."
FL3="The weather office forecast more heavy rain for the coming days across the region, including in neighbouring parts of India."
story "$sa/wire/floods.html" "Floods drive 200,000 from homes in Bangladesh" 2021-07-02T09:00:00Z Reuters "$FL1" "$FL2" "$FL3"
story "$sa/bbc/floods.html" "Bangladesh floods: 200,000 flee" 2021-07-02T12:00:00Z BBC "$FL1" "$FL2" "$FL3"

SDB="$sd/db"
base="news/wire/pipeline.html"
expect_rc 0 "stories: index" "$NI" --db "$SDB" -q -j2 --summary-json "$sd/run.json" "$sa"
equals "$(jq -c '[.clusters, .clustered, .reclustered]' "$sd/run.json")" "[2,9,9]" "stories: the run summary counts the clusters"
# members KEY: the ids of the export whose cluster is the one of KEY's, sorted
export_map() { "$NS" --db "$1" --all --format jsonl | jq -r '[.id, (.cluster // "-"), .cluster_size] | @tsv' | sort; }
export_map "$SDB" >"$sd/map.j2"
cluster_of() { awk -F'\t' -v id="$2" '$1 == id { print $2 }' "$1"; }
members() { c=$(cluster_of "$1" "$2"); awk -F'\t' -v c="$c" '$2 == c { print $1 }' "$1" | tr '\n' ' '; }
equals "$(members "$sd/map.j2" "$base")" \
    "news/ap/pipeline-short.html news/bbc/pipeline.html news/dawn/pipeline-copy.html news/gulf/pipeline.html news/wire/pipeline-correction.html news/wire/pipeline-update.html news/wire/pipeline.html " \
    "stories: the copy, the update, the trimmed, the reordered, the new headline and the correction are one cluster"
equals "$(cluster_of "$sd/map.j2" news/dawn/gas-shortage.html)" "-" "stories: another article on the subject is in no cluster"
equals "$(cluster_of "$sd/map.j2" news/wire/pipeline-analysis.html)" "-" "stories: an analysis of the same deal is in no cluster"
equals "$(members "$sd/map.j2" news/wire/floods.html)" "news/bbc/floods.html news/wire/floods.html " "stories: the second story is a cluster of its own"
equals "$(awk -F'\t' -v id="$base" '$1 == id { print $3 }' "$sd/map.j2")" "7" "stories: cluster_size in the export"
expect_rc 0 "stories: --info" "$NS" --db "$SDB" --info
contains "$T/out" "stories:    2 near-duplicate clusters of 9 documents" "stories: --info counts the clusters"
expect_rc 0 "stories: --info json" "$NS" --db "$SDB" --info --format json
equals "$(jq -c '[.clusters, .clustered]' "$T/out")" "[2,9]" "stories: --info json keys"

# A parallel build and a sequential one give the same clusters.
expect_rc 0 "stories: -j1 build" "$NI" --db "$sd/db1" -q -j1 "news=$sa"
export_map "$sd/db1" >"$sd/map.j1"
cmp -s "$sd/map.j1" "$sd/map.j2" && ok || { bad "stories: -j1 and -j2 give other clusters"; diff "$sd/map.j1" "$sd/map.j2" | head -5; }

# Collapsed by default: one hit a story, with what it stands for.
expect_rc 0 "stories: collapsed search" "$NS" --db "$SDB" --format json pakistan iran pipeline
equals "$(jq '.total' "$T/out")" "3" "stories: the story is one hit beside the two other articles"
equals "$(jq -c '[.hits[] | select(.cluster_size == 7) | [.cluster_first, .cluster_last, (.cluster_sources | length)]]' "$T/out")" \
    '[["2021-03-03","2021-03-04",5]]' "stories: the hit's cluster: its first and last day, its sources"
expect_rc 0 "stories: collapsed text" "$NS" --db "$SDB" pakistan iran pipeline
contains "$T/out" "+6 similar, 2021-03-03 .. 2021-03-04, Reuters, Associated Press, BBC, Dawn, Gulf News" "stories: +N similar in text"
expect_rc 0 "stories: --no-collapse" "$NS" --db "$SDB" --count --no-collapse pakistan iran pipeline
equals "$(cat "$T/out")" "9" "stories: --no-collapse shows every article"
expect_rc 0 "stories: --count" "$NS" --db "$SDB" --count pakistan iran pipeline
equals "$(cat "$T/out")" "3" "stories: --count counts stories"
# A page shorter than the matches: the collapsed total is still exact
# (counted by a spy over every match, not estimated from the page).
expect_rc 0 "stories: a short page" "$NS" --db "$SDB" --format json -n 1 pakistan iran pipeline
equals "$(jq -c '[.total, .total_exact, .shown]' "$T/out")" "[3,true,1]" "stories: a short page's total counts stories exactly"
expect_rc 0 "stories: a short page with facets" "$NS" --db "$SDB" --format json --facets source -n 1 pakistan iran pipeline
equals "$(jq -c '[.total, .total_exact]' "$T/out")" "[3,true]" "stories: with facets, the same exact total"
expect_rc 0 "stories: facets by story" "$NS" --db "$SDB" --format json --facets source -n 0 pakistan iran pipeline
equals "$(jq -c '[.facets.source[] | select(.value == "Reuters") | .count]' "$T/out")" "[2]" "stories: --count-by story (default): Reuters's three copies count once"
expect_rc 0 "stories: facets by article" "$NS" --db "$SDB" --format json --facets source --count-by article -n 0 pakistan iran pipeline
equals "$(jq -c '[.facets.source[] | select(.value == "Reuters") | .count]' "$T/out")" "[4]" "stories: --count-by article"
expect_rc 2 "stories: --count-by bad" "$NS" --db "$SDB" --count-by page pipeline
contains "$T/err" "--count-by: use story or article" "stories: --count-by says what it takes"

# Following the story.
expect_rc 0 "stories: --dups" "$NS" --db "$SDB" --dups "$base" --format jsonl
equals "$(jq -r '.id' "$T/out" | sed -n 1p)" "$base" "stories: --dups starts with the first report"
equals "$(jq -r '.id' "$T/out" | wc -l | tr -d ' ')" "7" "stories: --dups lists the cluster"
expect_rc 0 "stories: --timeline-of" "$NS" --db "$SDB" --timeline-of news/bbc/pipeline.html --days 3
equals "$(sed -n 2p "$T/out" | cut -c1-10)" "2021-03-03" "stories: --timeline-of in date order"
contains "$T/out" "first = copy  Pakistan, Iran sign gas pipeline deal  news/wire/pipeline.html" "stories: the first report, marked"
contains "$T/out" "* this  Gas deal links Tehran and Islamabad" "stories: the article itself, marked"
contains "$T/out" "Gas shortage to worsen" "stories: the story's other articles within the window"
lacks "$T/out" "Floods drive" "stories: nothing of another story"
expect_rc 0 "stories: --timeline-of --days 0" "$NS" --db "$SDB" --timeline-of news/bbc/pipeline.html --days 0 --format jsonl
equals "$(jq -r '.date[0:10]' "$T/out" | sort -u | tr '\n' ' ')" "2021-03-04 " "stories: --days 0 is its day"
expect_rc 0 "stories: --similar" "$NS" --db "$SDB" --similar "$base" --no-collapse -n 6 --format jsonl
equals "$(jq -r 'select(.cluster_size == 7) | .id' "$T/out" | wc -l | tr -d ' ')" "6" "stories: --similar ranks the copies first"
lacks "$T/out" "\"id\":\"$base\"" "stories: --similar leaves the article out"
expect_rc 0 "stories: --similar with a filter" "$NS" --db "$SDB" --similar "$base" --no-collapse --source Dawn --format jsonl
equals "$(jq -r '.source' "$T/out" | sort -u | tr '\n' ' ')" "Dawn " "stories: a filter narrows --similar"
expect_rc 2 "stories: --similar of no article" "$NS" --db "$SDB" --similar news/nope.html
contains "$T/err" "no article has the id 'news/nope.html'" "stories: an unknown id says so"
expect_rc 2 "stories: --days alone" "$NS" --db "$SDB" --days 3 pipeline
contains "$T/err" "--days goes with --timeline-of" "stories: --days says what it goes with"

# Incremental runs: a member changed leaves its cluster, a member removed
# leaves it, and the clusters are those a build from nothing makes.
story "$sa/wire/pipeline-correction.html" "Pakistan budget passes" 2021-03-04T10:00:00Z Reuters \
    "ISLAMABAD, June 10 - Pakistan's parliament passed the budget for the next fiscal year on Thursday after a debate of two weeks, with the votes of the coalition." \
    "The budget raises spending on schools and hospitals and cuts subsidies on electricity, the finance minister told the house before the vote."
rm "$sa/bbc/floods.html"
expect_rc 0 "stories: incremental run" "$NI" --db "$SDB" -q "$sa"
export_map "$SDB" >"$sd/map.inc"
equals "$(members "$sd/map.inc" "$base" | wc -w | tr -d ' ')" "6" "stories: the changed member left the cluster"
equals "$(cluster_of "$sd/map.inc" news/wire/pipeline-correction.html)" "-" "stories: the changed member is in no cluster"
equals "$(cluster_of "$sd/map.inc" news/wire/floods.html)" "-" "stories: a cluster of two losing one is no cluster"
expect_rc 0 "stories: --info after" "$NS" --db "$SDB" --info
contains "$T/out" "stories:    1 near-duplicate clusters of 6 documents" "stories: --info after the run"
expect_rc 0 "stories: full rebuild" "$NI" --db "$sd/db1" -q --full
export_map "$sd/db1" >"$sd/map.full"
cmp -s "$sd/map.inc" "$sd/map.full" && ok || { bad "stories: the incremental clusters differ from a rebuild's"; diff "$sd/map.inc" "$sd/map.full" | head -5; }
# A run that changes nothing changes no cluster id.
expect_rc 0 "stories: a run with nothing to do" "$NI" --db "$SDB" -q "$sa"
export_map "$SDB" >"$sd/map.again"
cmp -s "$sd/map.inc" "$sd/map.again" && ok || bad "stories: a run with nothing to do changed the clusters"
# The correction back: it joins again, under the same cluster id.
old=$(cluster_of "$sd/map.inc" "$base")
story "$sa/wire/pipeline-correction.html" "CORRECTED-Pakistan, Iran sign gas pipeline deal" 2021-03-04T10:00:00Z Reuters "$P1" "$P2C" "$P3" "$P4" "$P5" "$P6"
expect_rc 0 "stories: the member back" "$NI" --db "$SDB" -q "$sa"
export_map "$SDB" >"$sd/map.back"
equals "$(members "$sd/map.back" "$base" | wc -w | tr -d ' ')" "7" "stories: the member is back in its cluster"
equals "$(cluster_of "$sd/map.back" "$base")" "$(cluster_of "$sd/map.j2" "$base")" "stories: the cluster has its first id again"
[ -n "$old" ] && ok || bad "stories: no cluster id before the member came back"

# --no-dedup: no fingerprints, no clusters, every article its own hit.
expect_rc 0 "stories: --no-dedup" "$NI" --db "$sd/db0" -q --no-dedup "news=$sa"
expect_rc 0 "stories: --no-dedup --info" "$NS" --db "$sd/db0" --info
contains "$T/out" "stories:    0 near-duplicate clusters of 0 documents" "stories: --no-dedup makes no cluster"
expect_rc 2 "stories: --dup-threshold bad" "$NI" --db "$sd/db0" --dup-threshold 2 "news=$sa"
contains "$T/err" "--dup-threshold: not a number above 0 and at most 1: 2" "stories: --dup-threshold says why"
# A threshold of 1 joins only identical fingerprints: the exact copy, the
# new headline and the reordered paragraphs, not the edited ones.
expect_rc 0 "stories: --dup-threshold 1" "$NI" --db "$sd/dbt" -q --dup-threshold 1 "news=$sa"
export_map "$sd/dbt" >"$sd/map.t1"
equals "$(members "$sd/map.t1" "$base")" \
    "news/bbc/pipeline.html news/dawn/pipeline-copy.html news/gulf/pipeline.html news/wire/pipeline.html " \
    "stories: --dup-threshold 1: identical bodies only"
