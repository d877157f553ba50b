#!/usr/bin/env python3
"""make-warc.py - wrap HTML files into a WARC 1.1 file.

Writes a warcinfo record, then one `response` record per HTML file (HTTP
status line and headers, then the page), optionally with a `request`
record before each. The output is deterministic (fixed dates, record ids
derived from the URL, gzip timestamps zeroed), so tests, examples and
benchmarks built from it are reproducible.

    scripts/make-warc.py -o pages.warc.gz --gzip-per-record page1.html dir/
    scripts/make-warc.py --gzip-stream --http-gzip --chunked pages/ > x.warc.gz

Directories are walked recursively in name order; only *.html and *.htm
files are taken from them. Standard library only.
"""

import argparse
import base64
import datetime
import gzip
import hashlib
import os
import sys
import uuid

CRLF = b"\r\n"


def sha1_digest(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def record_id(*parts):
    name = "herald-make-warc:" + ":".join(parts)
    return "<urn:uuid:%s>" % uuid.uuid5(uuid.NAMESPACE_URL, name)


def warc_record(fields, block):
    """One record: version line, fields, blank line, block, separator."""
    head = [b"WARC/1.1"]
    for name, value in fields:
        head.append(("%s: %s" % (name, value)).encode("utf-8"))
    head.append(("Content-Length: %d" % len(block)).encode("ascii"))
    return CRLF.join(head) + CRLF + CRLF + block + CRLF + CRLF


def chunked(data, size=4096):
    out = []
    for i in range(0, len(data), size):
        piece = data[i:i + size]
        out.append(b"%x" % len(piece) + CRLF + piece + CRLF)
    out.append(b"0" + CRLF + CRLF)
    return b"".join(out)


def http_response(page, when, args):
    body = page
    headers = [
        "HTTP/1.1 200 OK",
        "Date: " + when.strftime("%a, %d %b %Y %H:%M:%S GMT"),
        "Server: make-warc",
        "Content-Type: " + args.content_type,
    ]
    if args.http_gzip:
        body = gzip.compress(body, mtime=0)
        headers.append("Content-Encoding: gzip")
    if args.chunked:
        headers.append("Transfer-Encoding: chunked")
        body = chunked(body)
    else:
        headers.append("Content-Length: %d" % len(body))
    head = CRLF.join(h.encode("ascii") for h in headers) + CRLF + CRLF
    return head + body


def http_request(url):
    rest = url.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    lines = [
        "GET /%s HTTP/1.1" % path,
        "Host: " + host,
        "User-Agent: make-warc",
        "Accept: text/html",
    ]
    return CRLF.join(l.encode("utf-8") for l in lines) + CRLF + CRLF


def iso(when):
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def collect(paths):
    """(path, name relative to its argument) for each input, in order."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            found = []
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for f in files:
                    if f.lower().endswith((".html", ".htm")):
                        full = os.path.join(root, f)
                        found.append((full, os.path.relpath(full, p)))
            out.extend(sorted(found, key=lambda t: t[1]))
        else:
            out.append((p, os.path.basename(p)))
    return out


def main():
    ap = argparse.ArgumentParser(description="Wrap HTML files into a WARC 1.1 file.")
    ap.add_argument("inputs", nargs="+", help="HTML files or directories")
    ap.add_argument("-o", "--output", help="output file (default: standard output)")
    z = ap.add_mutually_exclusive_group()
    z.add_argument("--gzip-per-record", action="store_true",
                   help="one gzip member per record (like .warc.gz from crawlers)")
    z.add_argument("--gzip-stream", action="store_true",
                   help="the whole file as one gzip stream")
    ap.add_argument("--url-prefix", default="https://news.example.org/",
                    help="WARC-Target-URI is this plus the file's relative name")
    ap.add_argument("--date", default="2024-03-01T08:00:00Z",
                    help="WARC-Date of the first record; one second more per page")
    ap.add_argument("--content-type", default="text/html; charset=utf-8",
                    help="the HTTP Content-Type of the pages")
    ap.add_argument("--http-gzip", action="store_true",
                    help="send the pages with Content-Encoding: gzip")
    ap.add_argument("--chunked", action="store_true",
                    help="send the pages with Transfer-Encoding: chunked")
    ap.add_argument("--with-requests", action="store_true",
                    help="a request record before each response")
    ap.add_argument("--repeat", type=int, default=1,
                    help="write every page N times, each under its own URL")
    args = ap.parse_args()

    start = datetime.datetime.strptime(args.date, "%Y-%m-%dT%H:%M:%SZ")
    out = open(args.output, "wb") if args.output else sys.stdout.buffer
    # Records are written as they are made, so a big benchmark corpus does
    # not have to fit in memory.
    stream = gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") \
        if args.gzip_stream else None

    def emit(rec):
        if stream:
            stream.write(rec)
        elif args.gzip_per_record:
            out.write(gzip.compress(rec, mtime=0))
        else:
            out.write(rec)

    info = (b"software: herald scripts/make-warc.py\r\n"
            b"format: WARC File Format 1.1\r\n"
            b"conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n")
    emit(warc_record([
        ("WARC-Type", "warcinfo"),
        ("WARC-Record-ID", record_id("warcinfo", args.date)),
        ("WARC-Date", iso(start)),
        ("Content-Type", "application/warc-fields"),
    ], info))

    inputs = collect(args.inputs)
    n = 0
    for rep in range(max(1, args.repeat)):
        for path, name in inputs:
            with open(path, "rb") as f:
                page = f.read()
            url = args.url_prefix + name.replace(os.sep, "/")
            if rep:
                url += "?copy=%d" % rep
            when = start + datetime.timedelta(seconds=n)
            n += 1
            if args.with_requests:
                req = http_request(url)
                emit(warc_record([
                    ("WARC-Type", "request"),
                    ("WARC-Record-ID", record_id("request", url)),
                    ("WARC-Date", iso(when)),
                    ("WARC-Target-URI", url),
                    ("Content-Type", "application/http; msgtype=request"),
                    ("WARC-Block-Digest", sha1_digest(req)),
                ], req))
            block = http_response(page, when, args)
            emit(warc_record([
                ("WARC-Type", "response"),
                ("WARC-Record-ID", record_id("response", url)),
                ("WARC-Date", iso(when)),
                ("WARC-Target-URI", url),
                ("Content-Type", "application/http; msgtype=response"),
                ("WARC-Block-Digest", sha1_digest(block)),
                ("WARC-Payload-Digest", sha1_digest(page)),
            ], block))

    if stream:
        stream.close()
    if args.output:
        out.close()
    else:
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
