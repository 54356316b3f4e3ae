#!/usr/bin/env python3
"""Validate the newsledger dev set (brat standoff) and print totals.

Checks: every .txt has a .ann and a meta.tsv row; 250-600 words; every T span's
offsets reproduce its text exactly; E lines reference existing T ids of the right
types; attributes reference Forecast spans with valid values; notes reference
existing T ids.  Exit status 1 on any error.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DEADLINE = re.compile(r'^(\d{4}(-\d{2}(-\d{2})?)?|none|vague)$')
ROLE_TYPES = {'Source': 'Source', 'Content': 'Content'}


def main():
    errors = []
    meta = {}
    lines = (ROOT / 'meta.tsv').read_text(encoding='utf-8').splitlines()
    header = lines[0].split('\t')
    if header != ['file', 'outlet', 'author', 'published']:
        errors.append(f'meta.tsv header {header}')
    for ln in lines[1:]:
        if ln.strip():
            row = ln.split('\t')
            if len(row) != 4 or not re.match(r'^202[56]-\d{2}-\d{2}$', row[3]):
                errors.append(f'meta.tsv bad row: {ln!r}')
            meta[row[0]] = row
    tot = dict(articles=0, words=0, attr_source=0, attr_nosource=0, forecasts=0,
               conditional=0, deadline_dated=0, deadline_none=0, deadline_vague=0,
               probability=0, past_refs=0, pronoun_notes=0)
    per_article = []
    for txt in sorted((ROOT / 'text').glob('*.txt')):
        name = txt.stem
        text = txt.read_text(encoding='utf-8')
        words = len(text.split())
        tot['articles'] += 1
        tot['words'] += words
        if not 250 <= words <= 600:
            errors.append(f'{name}: {words} words')
        if txt.name not in meta:
            errors.append(f'{name}: no meta.tsv row')
        ann = ROOT / 'ann' / f'{name}.ann'
        if not ann.exists():
            errors.append(f'{name}: missing .ann')
            continue
        T, n_attr, n_fc = {}, 0, 0
        for i, ln in enumerate(ann.read_text(encoding='utf-8').splitlines(), 1):
            if not ln.strip():
                continue
            where = f'{name}.ann:{i}'
            tabs = ln.split('\t')
            lid = tabs[0]
            if lid.startswith('T'):
                typ, offs = tabs[1].split(' ', 1)
                frags = [tuple(map(int, f.split())) for f in offs.split(';')]
                got = ' '.join(text[a:b] for a, b in frags)
                if got != tabs[2]:
                    errors.append(f'{where}: span mismatch {got!r} != {tabs[2]!r}')
                if any(a >= b for a, b in frags):
                    errors.append(f'{where}: empty/inverted span')
                if typ not in ('Source', 'Cue', 'Content', 'Forecast', 'PastForecastRef'):
                    errors.append(f'{where}: unknown type {typ}')
                T[lid] = typ
                if typ == 'Forecast':
                    tot['forecasts'] += 1
                    n_fc += 1
                elif typ == 'PastForecastRef':
                    tot['past_refs'] += 1
            elif lid.startswith('E'):
                args = dict(a.split(':') for a in tabs[1].split())
                if 'Attribution' in args:
                    etype = 'Attribution'
                    need = ['Source', 'Content']
                    tot['attr_source'] += 1
                elif 'Attribution-no-source' in args:
                    etype = 'Attribution-no-source'
                    need = ['Content']
                    tot['attr_nosource'] += 1
                else:
                    errors.append(f'{where}: unknown event type')
                    continue
                n_attr += 1
                if T.get(args[etype]) != 'Cue':
                    errors.append(f'{where}: trigger {args[etype]} is not a Cue')
                if set(args) != {etype, *need}:
                    errors.append(f'{where}: roles {sorted(args)}')
                for role in need:
                    if T.get(args.get(role)) != ROLE_TYPES[role]:
                        errors.append(f'{where}: {role} {args.get(role)} wrong/missing')
            elif lid.startswith('A'):
                parts = tabs[1].split()
                kind, target = parts[0], parts[1]
                if T.get(target) != 'Forecast':
                    errors.append(f'{where}: attribute on non-Forecast {target}')
                if kind == 'Deadline':
                    v = parts[2] if len(parts) > 2 else ''
                    if not DEADLINE.match(v):
                        errors.append(f'{where}: bad deadline {v!r}')
                    key = {'none': 'deadline_none', 'vague': 'deadline_vague'}.get(v, 'deadline_dated')
                    tot[key] += 1
                elif kind == 'Conditional':
                    tot['conditional'] += 1
                elif kind == 'Probability':
                    p = float(parts[2])
                    if not 0 <= p <= 1:
                        errors.append(f'{where}: probability {p}')
                    tot['probability'] += 1
                else:
                    errors.append(f'{where}: unknown attribute {kind}')
            elif lid.startswith('#'):
                if tabs[1].split()[1] not in T:
                    errors.append(f'{where}: note on missing id')
                tot['pronoun_notes'] += 1
            else:
                errors.append(f'{where}: unparsable line')
        per_article.append((name, words, n_attr, n_fc))
    for name, w, a, f in per_article:
        print(f'{name:32s} words={w:3d} attributions={a:2d} forecasts={f:2d}')
    print()
    attrs = tot['attr_source'] + tot['attr_nosource']
    print(f"articles: {tot['articles']}  words: {tot['words']}")
    print(f"attributions: {attrs} (with source {tot['attr_source']}, without source {tot['attr_nosource']}; "
          f"{attrs / max(tot['articles'], 1):.1f} per article)")
    print(f"forecasts: {tot['forecasts']} (dated deadline {tot['deadline_dated']}, vague {tot['deadline_vague']}, "
          f"none {tot['deadline_none']}; conditional {tot['conditional']}; with probability {tot['probability']})")
    print(f"past forecast references: {tot['past_refs']}")
    print(f"pronoun antecedent notes: {tot['pronoun_notes']}")
    if errors:
        print(f'\n{len(errors)} ERROR(S):')
        for e in errors:
            print('  ' + e)
        return 1
    print('\nOK: all spans and references verified')
    return 0


if __name__ == '__main__':
    sys.exit(main())
