#!/usr/bin/env bash
# Cleaning on real pages (dev.coleta.bench.CleanBenchmark): raw tokens, tokens of the HTML view
# (scrape-config) and of the text view (scrape), their ratios per page and overall, and the
# values-kept check against hand-picked values (scripts/bench-clean.values.json). Exits 1 when
# a value is lost.
#
# The pages are the real-world pages jsoup kept in its test resources until commit d31d637b
# (nytimes, smh, yahoo news, news.com.au, google, yahoo.co.jp, baidu, xwiki; see jsoup's
# src/test/resources/htmltests/README). They remain their publishers' copyright, so they are
# not committed here: give a jsoup git clone (JSOUP_GIT=/path/to/jsoup, default
# ~/.cache/coleta/jsoup, cloned from GitHub when absent) and they are read from its history.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar=${COLETA_JAR:-$here/java/target/coleta.jar}
[ -f "$jar" ] || (cd "$here" && mvn -B -q -ntp -DskipTests package)
repo=${JSOUP_GIT:-$HOME/.cache/coleta/jsoup}
[ -d "$repo" ] || git clone -q https://github.com/jhy/jsoup "$repo"
commit=d31d637b8b2566ebe590b27d1aca2a1c3528e4bd
pages=$here/java/target/bench-pages
mkdir -p "$pages"
for f in nyt-article-1 smh-biz-article-1 yahoo-article-1 news-com-au-home google-ipod yahoo-jp xwiki-1324; do
  git -C "$repo" show "$commit:src/test/resources/htmltests/$f.html.gz" | gunzip > "$pages/$f.html"
done
git -C "$repo" show "$commit:src/test/resources/htmltests/baidu-cn-home.html" > "$pages/baidu-cn-home.html"
# COLETA_CP: a class path to run instead of the jar (e.g. java/target/classes:java/target/coleta.jar).
exec nice -n 15 java -cp "${COLETA_CP:-$jar}" --enable-native-access=ALL-UNNAMED dev.coleta.bench.CleanBenchmark \
  --pages "$pages" --values "$here/scripts/bench-clean.values.json" "$@"
