#!/usr/bin/env python3
"""Admission's read of a node's usage on SQLite: the node_usage row kept by the V2 triggers against
an indexed SUM over the replicas table, at 1,000 and 10,000 placed replicas, and what the triggers
add to a replica write (insert + commit). Uses the migrations of this checkout and a scratch file.

    python3 bench/scale/usage_query.py
"""
import os
import sqlite3
import tempfile
import time

SCRATCH = tempfile.TemporaryDirectory()
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
V1=open(os.path.join(ROOT, 'berth-store/src/main/resources/db/migration/sqlite/V1__schema.sql')).read()
V2=open(os.path.join(ROOT, 'berth-store/src/main/resources/db/migration/sqlite/V2__node_usage.sql')).read()
def db(with_v2, path):
    if os.path.exists(path): os.remove(path)
    c=sqlite3.connect(path); c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA synchronous=NORMAL')
    c.executescript(V1)
    if with_v2: c.executescript(V2)
    else: c.execute("CREATE INDEX replicas_by_node ON replicas (node, state, stop_requested, cpu_millis, memory_bytes)")
    return c
def fill(c,n):
    t=time.perf_counter()
    for i in range(n):
        c.execute("INSERT INTO replicas VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET state=excluded.state",
          ('r%d'%i,'p','e','s%d'%i,'h',1,4<<20,'RUNNING',1,0,1,1,0,'local',0,'','',0,i,i))
        c.commit()
    return (time.perf_counter()-t)/n*1e6
for n in (1000,10000):
    for v2 in (True,False):
        c=db(v2,os.path.join(SCRATCH.name, 'um.db')); w=fill(c,n)
        q = "SELECT cpu_millis, memory_bytes FROM node_usage WHERE node='local'" if v2 else \
            "SELECT SUM(cpu_millis), SUM(memory_bytes), SUM(stop_requested*cpu_millis) FROM replicas WHERE node='local' AND state NOT IN ('PENDING','TERMINATED')"
        for _ in range(20): c.execute(q).fetchall()
        t=time.perf_counter(); k=500
        for _ in range(k): c.execute(q).fetchall()
        r=(time.perf_counter()-t)/k*1e6
        print(f"n={n} {'node_usage row' if v2 else 'indexed SUM   '}: read {r:8.1f} us, insert+commit {w:6.1f} us")
        c.close()
