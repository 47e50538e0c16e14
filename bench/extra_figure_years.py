#!/usr/bin/env python3
"""Makes the national figures file bigger for the import benchmark (docs/benchmarks.md).

    bench/extra_figure_years.py organisations.csv figures.csv > figures-big.csv

Reads the exported organisations (for the founding years) and figures, and writes every
organisation's figures plus, for each year from its founding (at most back to 2000) to 2025 that
it has no figures for, a copy of its earliest row under that year (not rated). The rows stay
grouped by organisation, in year order, as an export writes them. On the national set (seed 1)
this gives 571,262 rows, all of which the registry accepts (check with --dry-run).
"""
import csv
import sys


def main(organisations_path, figures_path):
    founded = {}
    with open(organisations_path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            founded[row["registry_code"]] = int(row["founded_on"][:4])
    by_org = {}
    with open(figures_path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        for row in reader:
            by_org.setdefault(row[0], []).append(row)
    col = {name: i for i, name in enumerate(header)}
    out = csv.writer(sys.stdout, lineterminator="\r\n")
    sys.stdout.write("\ufeff")
    out.writerow(header)
    for code, rows in by_org.items():
        have = {int(r[col["year"]]) for r in rows}
        first = min(rows, key=lambda r: int(r[col["year"]]))
        extra = []
        for year in range(max(founded.get(code, 2000) + 1, 2000), 2026):
            if year in have:
                continue
            copy = list(first)
            copy[col["year"]] = str(year)
            copy[col["rating"]] = "chua_xep_loai"
            copy[col["rating_score"]] = ""
            copy[col["rating_scheme"]] = ""
            extra.append(copy)
        for row in sorted(rows + extra, key=lambda r: int(r[col["year"]])):
            out.writerow(row)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
