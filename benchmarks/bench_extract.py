"""Benchmark the extractor on synthetic conflict-news articles.

Articles are generated from templates filled with names from the lexicons (armed
groups, state forces, districts and towns of Balochistan and Khyber Pakhtunkhwa),
random counts, weekdays and dates, about 500 words each. The script reports
articles/s, words/s and peak memory for :func:`kg.extract.extract_many`, beside a
blank spaCy tokenizer on the same text (the floor no pipeline can beat).

Each stage is timed ``--repeat`` times, each time over a new set of articles, and the
fastest pass is reported, as ``timeit`` does: on a shared machine a single pass varies by
10-15%. The sets share their template sentences, so the extractor's caches of sentence
readings are emptied before each pass: every pass starts as the first one did.
``--repeat 1`` gives the single pass over the first set. ``--cpu`` times the process's
CPU time instead of the wall clock: on a loaded machine the wall clock measures the
scheduler as much as the code.

    python benchmarks/bench_extract.py --n 500
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import spacy  # noqa: E402

from kg.core.model import Document  # noqa: E402
from kg.extract import build_nlp, extract_many, numbers, statistics  # noqa: E402
from kg.extract.gazetteer import get_gazetteer  # noqa: E402
from kg.extract.lexicon import get_lexicon  # noqa: E402

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBER_WORDS = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "twelve",
    "fifteen",
]

LEADS = [
    "{CITY}: At least {N} people, {M} of them security personnel, were killed on {DAY} when a suicide bomber "
    "blew himself up near a {FORCE} convoy on the outskirts of {TOWN} in {DISTRICT} district, officials said.",
    "{CITY}: {FORCE_CAP} killed {WORD} militants in an intelligence-based operation in {DISTRICT} district on "
    "{DAY}, the military's media wing said, adding that {M} soldiers were martyred in the exchange of fire.",
    "{CITY}: Gunmen ambushed a {FORCE} patrol in {TOWN} on {DAY} night, killing {N} personnel and wounding "
    "{M} others, police said.",
    "{CITY}: A roadside bomb struck a passenger van in {DISTRICT} district on {DAY}, killing {N} civilians, "
    "including women and children, and injuring {M} more, the deputy commissioner told reporters.",
]
FOLLOW_UPS = [
    "The {GROUP} claimed responsibility for the attack in a statement sent to journalists.",
    "No group immediately claimed responsibility, but officials suspected the {GROUP}.",
    "The injured were shifted to the district headquarters hospital, where an emergency was declared.",
    "Police said the attackers fled towards the mountains after the attack, and a search operation was launched.",
    "The death toll later rose to {N2}, hospital officials said.",
    "Provincial officials condemned the attack and vowed that those responsible would be brought to justice.",
    "Security was tightened across {PROVINCE} after the incident, and checkpoints were set up on major roads.",
    "Residents said they heard a loud explosion followed by heavy gunfire that lasted for about an hour.",
    "The prime minister expressed grief over the loss of lives and directed authorities to submit a report.",
    "According to officials, the convoy was travelling from {TOWN2} to {CITY_NAME} when it came under fire.",
]
BACKGROUND = [
    "Last month, {WORD} soldiers were killed when militants attacked a check post in {DISTRICT2} district.",
    "In {MONTH} {YEAR}, a similar attack claimed by the {GROUP} killed {N3} people in {TOWN2}.",
    "{PROVINCE} has seen a surge in violence in recent years, with separatist groups often targeting security forces.",
    "According to a think-tank report, {BIG} people were killed in {BIG2} attacks across the country in {YEAR}.",
]
FILLER = [
    "Officials said the area had been cordoned off and that an investigation was under way into the incident.",
    "Local traders shut their shops in protest and demanded better security for the residents of the area.",
    "Analysts say the militants have exploited weak governance and porous borders to regroup in remote districts.",
    "The government has repeatedly said it will not negotiate with groups that attack civilians and state forces.",
    "Rescue workers said several of the wounded were in critical condition and had been moved to the provincial capital.",
    "The interior minister chaired a meeting in Islamabad to review the security situation after the attack.",
]


def _names():
    lexicon, gazetteer = get_lexicon(), get_gazetteer()
    groups = [e.label for e in lexicon if e.kind == "ArmedGroup" and not e.generic]
    forces = [e.label for e in lexicon if e.kind == "StateForce" and not e.generic]
    districts, towns = [], []
    for place in gazetteer:
        if place.key.startswith(("place:pk-ba-", "place:pk-kp-")):
            (
                districts if place.kind == "District" else towns if place.kind == "City" else []
            ).append(place.label)
    return (
        groups or ["BLA"],
        forces or ["Frontier Corps"],
        districts or ["Kech"],
        towns or ["Turbat"],
    )


def make_articles(n: int, seed: int = 7) -> list[Document]:
    """Return ``n`` synthetic articles of about 500 words."""
    rng = random.Random(seed)
    groups, forces, districts, towns = _names()
    documents = []
    for i in range(n):
        published = date(2024, 1, 1) + timedelta(days=rng.randrange(400))
        past = published - timedelta(days=rng.randrange(60, 400))
        fill = {
            "CITY": rng.choice(["QUETTA", "PESHAWAR", "RAWALPINDI", "ISLAMABAD"]),
            "CITY_NAME": rng.choice(towns),
            "TOWN": rng.choice(towns),
            "TOWN2": rng.choice(towns),
            "DISTRICT": rng.choice(districts).replace(" District", ""),
            "DISTRICT2": rng.choice(districts).replace(" District", ""),
            "PROVINCE": rng.choice(["Balochistan", "Khyber Pakhtunkhwa"]),
            "FORCE": rng.choice(forces),
            "FORCE_CAP": rng.choice(forces),
            "GROUP": rng.choice(groups),
            "DAY": rng.choice(WEEKDAYS),
            "N": rng.randrange(3, 40),
            "N2": rng.randrange(40, 60),
            "N3": rng.randrange(5, 30),
            "M": rng.randrange(1, 3),
            "WORD": rng.choice(NUMBER_WORDS),
            "MONTH": past.strftime("%B"),
            "YEAR": past.year,
            "BIG": f"{rng.randrange(1000, 3000):,}",
            "BIG2": rng.randrange(300, 900),
        }
        sentences = [rng.choice(LEADS)]
        sentences += rng.sample(FOLLOW_UPS, 6) + rng.sample(BACKGROUND, 2)
        paragraphs = [
            " ".join(s.format(**fill) for s in sentences[k : k + 2])
            for k in range(0, len(sentences), 2)
        ]
        while sum(len(p.split()) for p in paragraphs) < 480:
            paragraphs.append(" ".join(rng.sample(FILLER, 3)))
        title = f"{fill['N']} killed in {fill['DISTRICT']} attack"
        documents.append(
            Document(f"bench-{i}", "\n\n".join(paragraphs), title=title, published=published)
        )
    return documents


_CLOCK = time.perf_counter


def _seconds(run, documents) -> float:
    """Seconds for one timed pass, with the extractor's caches of sentence readings empty."""
    numbers._find_counts.cache_clear()
    statistics._is_aggregate.cache_clear()
    start = _CLOCK()
    run(documents)
    return _CLOCK() - start


def _peak_mb(run, documents) -> float:
    """Peak traced memory in MB over ``documents`` (a quarter of the first set).

    tracemalloc slows Python code down several times, so it is measured apart from time.
    """
    tracemalloc.start()
    run(documents)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return peak


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="number of articles (default 300)")
    parser.add_argument(
        "--n-process", type=int, default=1, help="worker processes for extract_many"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="timed passes per stage, the fastest reported (default 3)",
    )
    parser.add_argument(
        "--cpu", action="store_true", help="time CPU time instead of wall-clock time"
    )
    args = parser.parse_args(argv)
    global _CLOCK
    _CLOCK = time.process_time if args.cpu else time.perf_counter

    # The first set is the one a single pass has always used (seed 7).
    article_sets = [make_articles(args.n, seed=7 + k) for k in range(max(1, args.repeat))]
    documents = article_sets[0]
    words = sum(len(d.content.split()) for d in documents)
    build_nlp()  # load lexicons and build the pipeline outside the timed part
    list(extract_many(make_articles(5, seed=1)))
    # A new blank pipeline per set: a tokenizer that has seen the words is faster, and the
    # floor is the tokenizer meeting them, as it does in one pass.
    blanks = {id(articles): spacy.blank("en") for articles in article_sets}

    def tokenize(docs):
        blank = blanks.get(id(docs)) or spacy.blank("en")
        for _ in blank.pipe(d.content for d in docs):
            pass

    def pipeline(docs):
        for _ in build_nlp().pipe(d.content for d in docs):
            pass

    def extract_all(docs):
        events = 0
        for extraction in extract_many(docs, n_process=args.n_process):
            events += len(extraction.events)
        if not events:
            raise SystemExit("no events extracted: the benchmark text is not being read")

    stages = [
        ("blank tokenizer (floor)", tokenize),
        ("spaCy pipeline only", pipeline),
        ("extract_many (all)", extract_all),
    ]
    # Stages run in this order on each set, as a single pass always ran them; per stage the
    # fastest pass counts, in articles/s and in words/s of its own set.
    best = {name: (float("inf"), 1) for name, _ in stages}
    for articles in article_sets:
        set_words = sum(len(d.content.split()) for d in articles)
        for name, run in stages:
            seconds = _seconds(run, articles)
            if seconds / set_words < best[name][0] / best[name][1]:
                best[name] = (seconds, set_words)
        if articles is documents:
            # Memory over the first set's first quarter, right after its timed passes, as a
            # single pass always measured it.
            quarter = documents[: max(1, len(documents) // 4)]
            blanks[id(quarter)] = blanks[id(documents)]
            peaks = {name: _peak_mb(run, quarter) for name, run in stages}
    passes = len(article_sets)
    print(f"{args.n} articles, {words:,} words ({words / args.n:.0f} words/article)", end="")
    print(f"; fastest of {passes} passes over new articles" if passes > 1 else "", end="")
    print("; CPU time\n" if args.cpu else "\n")
    print(f"{'stage':26}{'seconds':>9}{'articles/s':>12}{'words/s':>12}{'peak MB*':>9}")
    for name, _ in stages:
        seconds, set_words = best[name]
        print(
            f"{name:26}{seconds:9.2f}{args.n / seconds:12.0f}{set_words / seconds:12,.0f}"
            f"{peaks[name]:9.1f}"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\n* peak Python allocation (tracemalloc) over a quarter of the articles; process max RSS: {rss:.0f} MB"
    )


if __name__ == "__main__":
    main()
