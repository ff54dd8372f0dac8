import json, random, sys, alscriteria
from typing import get_args
from alscriteria.case.readings import Readings
seed = int(sys.argv[1]); n = int(sys.argv[2])
opts = {name: get_args(f.annotation) for name, f in Readings.model_fields.items()}
lines = open('/work/tools/cases.jsonl').read().splitlines()[:n]
rng = random.Random(3)
jobs = [(i, {k: rng.choice(v) for k, v in opts.items() if v and rng.random() < 0.5}) for i in range(len(lines))]
random.Random(seed).shuffle(jobs)
out = {}
for i, rd in jobs:
    try: r = alscriteria.evaluate_all(json.loads(lines[i]), readings=rd, plan=True)
    except Exception as e: out[i] = str(e); continue
    out[i] = "\n".join(a.model_dump_json() for a in r.values())
with open(sys.argv[3], 'w') as fh:
    for i in sorted(out): fh.write(out[i] + "\n")
