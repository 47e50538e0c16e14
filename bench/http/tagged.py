#!/usr/bin/env python3
"""Where the latency of a loaded server goes: before its handler, in it, or after.

  bench/http/tagged.py run PORT PATHS CONNECTIONS SECONDS OUT   (token from $BENCH_TOKEN)
  bench/http/tagged.py split SERVER_LOG OUT

`run` keeps CONNECTIONS keep-alive connections busy for SECONDS (closed loop, like wrk), each
request tagged with its own X-Request-Id (hoptac keeps a client's short id), and writes one line
per request: id, sent, answered (epoch seconds), path. `split` joins those lines with the server's
request log (one JSON line per request: ts at the end of the handler, ms in it) and prints the
percentiles of the total, split into the wait before the handler, the handler, and after it.
Needs only Python 3.
"""
import asyncio
import datetime
import json
import os
import sys
import time


async def connection(port, paths, token, index, seconds, out):
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    n = 0
    k = (index * 7919) % len(paths)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        path = paths[k % len(paths)]
        k += 1
        n += 1
        rid = 'tag%d-%d' % (index, n)
        request = ('GET %s HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer %s\r\n'
                   'X-Request-Id: %s\r\n\r\n' % (path, token, rid)).encode()
        sent = time.time()
        writer.write(request)
        await writer.drain()
        head = await reader.readuntil(b'\r\n\r\n')
        length = 0
        for line in head.split(b'\r\n'):
            if line.lower().startswith(b'content-length:'):
                length = int(line.split(b':')[1])
        await reader.readexactly(length)
        out.append((rid, sent, time.time(), path))
    writer.close()


def run(port, paths_file, connections, seconds, out_file):
    paths = [line.strip() for line in open(paths_file) if line.strip()]
    token = os.environ.get('BENCH_TOKEN', '')
    out = []

    async def all_connections():
        await asyncio.gather(*[connection(int(port), paths, token, i, float(seconds), out)
                               for i in range(int(connections))])

    asyncio.run(all_connections())
    with open(out_file, 'w') as f:
        for rid, sent, answered, path in out:
            f.write('%s %.6f %.6f %s\n' % (rid, sent, answered, path))
    print('%d requests in %s s' % (len(out), seconds))


def split(server_log, tagged_file):
    handled = {}
    for line in open(server_log):
        if not line.startswith('{'):
            continue
        j = json.loads(line)
        end = datetime.datetime.strptime(j['ts'], '%Y-%m-%dT%H:%M:%S.%fZ').replace(
            tzinfo=datetime.timezone.utc).timestamp()
        handled[j['request_id']] = (end - j['ms'] / 1000, end, j['ms'])
    rows = []
    for line in open(tagged_file):
        rid, sent, answered, path = line.split(' ', 3)
        if rid in handled:
            start, end, ms = handled[rid]
            rows.append((float(answered) - float(sent), start - float(sent), ms,
                         float(answered) - end, path.strip()))
    rows.sort()
    if not rows:
        sys.exit('split: no request of the file is in the server log')
    for q in (0.5, 0.9, 0.99, 0.999):
        total, before, ms, after, _ = rows[min(len(rows) - 1, int(len(rows) * q))]
        print('p%-5g total %8.1f ms: before the handler %8.1f, in it %7.1f, after %6.1f'
              % (q * 100, total * 1000, before * 1000, ms, after * 1000))
    total, before, ms, after, path = rows[-1]
    print('slowest: %.1f ms (before %.1f, in %.1f, after %.1f) %s'
          % (total * 1000, before * 1000, ms, after * 1000, path))


if __name__ == '__main__':
    if len(sys.argv) == 7 and sys.argv[1] == 'run':
        run(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == 'split':
        split(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
