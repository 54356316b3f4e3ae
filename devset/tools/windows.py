"""Print attribution events whose source/cue/content spread over a wide window (for review)."""
import sys
from pathlib import Path
ROOT = Path(__file__).resolve().parent.parent
lim = int(sys.argv[1]) if len(sys.argv) > 1 else 60
for ann in sorted((ROOT / 'ann').glob('*.ann')):
    T = {}
    for ln in ann.read_text().splitlines():
        p = ln.split('\t')
        if p[0].startswith('T'):
            offs = [tuple(map(int, f.split())) for f in p[1].split(' ', 1)[1].split(';')]
            T[p[0]] = offs
        elif p[0].startswith('E'):
            args = dict(a.split(':') for a in p[1].split())
            cue = T[args.get('Attribution') or args.get('Attribution-no-source')][0]
            cont = T[args['Content']]
            gaps = [max(cue[0] - c[1], c[0] - cue[1], 0) for c in cont]
            src = T[args['Source']][0] if 'Source' in args else None
            sg = max(src[0] - cue[1], cue[0] - src[1], 0) if src else 0
            if min(gaps) > lim or sg > lim:
                print(ann.stem, p[0], 'cue-content', min(gaps), 'src-cue', sg)
