#!/usr/bin/env python3
"""Generate brat .ann files from compact annotation specs.

Spec format (devset/spec/NNN_slug.spec), one annotation per line, fields split by ' | ':
  A | <source> | <cue> | <content>     Attribution with a source
  N | <cue> | <content>                Attribution-no-source
  F | <forecast> | <deadline> [| cond] [| p=0.9]
  P | <past forecast reference>
Span syntax:  exact text, optionally followed by {antecedent} (Source only, adds an
AnnotatorNotes line) and/or @n (n-th occurrence in the document, 1-based).
Discontinuous content: 'fragment one ++ fragment two'.
Without @n: content/forecast/past spans must be unique in the text; cue is the occurrence
closest to the content (same sentence preferred), source the occurrence closest to the cue.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOUNDARY = re.compile(r'[.!?]["\u201d\u2019]?\s+["\u201c]?[A-Z]')
SPEC_RE = re.compile(r'^(.*?)(?:\{([^}]*)\})?(?:@(\d+))?$', re.S)


def parse_span(s):
    m = SPEC_RE.match(s.strip())
    return m.group(1), m.group(2), int(m.group(3)) if m.group(3) else None


def occurrences(text, s):
    """Occurrences of s that do not start or end inside a word."""
    out, i = [], text.find(s)
    while i >= 0:
        j = i + len(s)
        left_ok = i == 0 or not (s[0].isalnum() and text[i - 1].isalnum())
        right_ok = j == len(text) or not (s[-1].isalnum() and text[j].isalnum())
        if left_ok and right_ok:
            out.append((i, j))
        i = text.find(s, i + 1)
    return out


def overlaps(a, frags):
    return any(a[0] < f[1] and f[0] < a[1] for f in frags)


def score(text, a, frags):
    best = None
    for f in frags:
        if a[1] <= f[0]:
            lo, hi = a[1], f[0]
        elif f[1] <= a[0]:
            lo, hi = f[1], a[0]
        else:
            lo = hi = a[0]
        # look one character past the gap so that a capital opening the next span counts
        sc = (1 if BOUNDARY.search(text[max(lo - 1, 0):hi + 2]) and hi > lo else 0, hi - lo)
        best = sc if best is None or sc < best else best
    return best


class Err(Exception):
    pass


def locate_unique(text, s, n, what):
    occ = occurrences(text, s)
    if not occ:
        raise Err(f'{what} not found: {s!r}')
    if n is not None:
        if n > len(occ):
            raise Err(f'{what} occurrence {n} of {s!r} does not exist')
        return occ[n - 1]
    if len(occ) > 1:
        raise Err(f'{what} ambiguous ({len(occ)}x): {s!r}')
    return occ[0]


def locate_near(text, s, n, anchors, avoid, what):
    occ = occurrences(text, s)
    if not occ:
        raise Err(f'{what} not found: {s!r}')
    if n is not None:
        return occ[n - 1]
    cands = [o for o in occ if not overlaps(o, avoid)]
    if not cands:
        raise Err(f'{what} only inside other spans: {s!r}')
    return min(cands, key=lambda o: score(text, o, anchors))


def build(spec_path):
    stem = spec_path.stem
    text = (ROOT / 'text' / f'{stem}.txt').read_text(encoding='utf-8')
    tlines, elines, alines, notes = [], [], [], []
    tids = {}
    warnings = []

    def tid(typ, frags, note=None):
        key = (typ, tuple(frags))
        if key not in tids:
            tids[key] = f'T{len(tids) + 1}'
            offs = ';'.join(f'{a} {b}' for a, b in frags)
            tlines.append(f'{tids[key]}\t{typ} {offs}\t' + ' '.join(text[a:b] for a, b in frags))
            if note:
                notes.append(f'#{len(notes) + 1}\tAnnotatorNotes {tids[key]}\t{note}')
        return tids[key]

    def content(spec):
        parts = [parse_span(p) for p in spec.split(' ++ ')]
        s, _, n = parts[0]
        frags = [locate_unique(text, s, n, 'content')]
        for s, _, n in parts[1:]:
            occ = [o for o in occurrences(text, s) if o[0] >= frags[-1][1]]
            if not occ:
                raise Err(f'content fragment not found after previous: {s!r}')
            frags.append(occ[0] if n is None else occurrences(text, s)[n - 1])
        return frags

    for ln, line in enumerate(spec_path.read_text(encoding='utf-8').splitlines(), 1):
        if not line.strip() or line.startswith('#'):
            continue
        f = [x.strip() for x in line.split(' | ')]
        try:
            kind = f[0]
            if kind in ('A', 'N'):
                cfr = content(f[-1])
                cs, _, cn = parse_span(f[-2])
                cue = locate_near(text, cs, cn, cfr, cfr, 'cue')
                sc = score(text, cue, cfr)
                if sc[0] or sc[1] > 120:
                    warnings.append(f'{stem}:{ln}: cue far from content {sc}: {line[:90]}')
                c_t = tid('Cue', [cue])
                n_t = tid('Content', cfr)
                if kind == 'A':
                    ss, note, sn = parse_span(f[1])
                    src = locate_near(text, ss, sn, [cue], cfr + [cue], 'source')
                    sc = score(text, src, [cue])
                    if sc[0] or sc[1] > 80:
                        warnings.append(f'{stem}:{ln}: source far from cue {sc}: {line[:90]}')
                    s_t = tid('Source', [src], note)
                    elines.append(f'Attribution:{c_t} Source:{s_t} Content:{n_t}')
                else:
                    elines.append(f'Attribution-no-source:{c_t} Content:{n_t}')
            elif kind == 'F':
                s, _, n = parse_span(f[1])
                t = tid('Forecast', [locate_unique(text, s, n, 'forecast')])
                alines.append(f'Deadline {t} {f[2]}')
                for extra in f[3:]:
                    if extra == 'cond':
                        alines.append(f'Conditional {t}')
                    elif extra.startswith('p='):
                        alines.append(f'Probability {t} {extra[2:]}')
                    else:
                        raise Err(f'unknown forecast field {extra!r}')
            elif kind == 'P':
                s, _, n = parse_span(f[1])
                tid('PastForecastRef', [locate_unique(text, s, n, 'past ref')])
            else:
                raise Err(f'unknown kind {kind!r}')
        except (Err, IndexError) as e:
            print(f'ERROR {stem}:{ln}: {e}', file=sys.stderr)
            return False
    out = list(tlines)
    out += [f'E{i}\t{e}' for i, e in enumerate(elines, 1)]
    out += [f'A{i}\t{a}' for i, a in enumerate(alines, 1)]
    out += notes
    (ROOT / 'ann' / f'{stem}.ann').write_text('\n'.join(out) + '\n', encoding='utf-8')
    for w in warnings:
        print('WARN', w)
    return True


if __name__ == '__main__':
    specs = sorted((ROOT / 'spec').glob('*.spec'))
    if len(sys.argv) > 1:
        specs = [s for s in specs if any(a in s.stem for a in sys.argv[1:])]
    ok = all([build(s) for s in specs])
    sys.exit(0 if ok else 1)
