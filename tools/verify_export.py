#!/usr/bin/env python3
"""An independent verifier of a pacta export, written from docs/FORMAT.md alone.

Usage: python3 tools/verify_export.py EXPORT.jsonl [CHECKPOINT]

Recomputes every entry hash (BLAKE3 derive-key mode over the canonical bytes), checks every
sequence number and link, and the Merkle root (RFC 9162 with BLAKE3) against a checkpoint's
size, root and head when one is given. Needs the `blake3` package from PyPI.
"""
import base64
import json
import sys

import blake3

ENTRY_CONTEXT = "pacta 2026-11-26 entry v1"


def entry_hash(data: bytes) -> bytes:
    return blake3.blake3(data, derive_key_context=ENTRY_CONTEXT).digest()


def leaf(h: bytes) -> bytes:
    return blake3.blake3(b"\x00" + h).digest()


def node(left: bytes, right: bytes) -> bytes:
    return blake3.blake3(b"\x01" + left + right).digest()


def mth(leaves):
    if not leaves:
        return blake3.blake3(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node(mth(leaves[:k]), mth(leaves[k:]))


def main(path, checkpoint=None):
    prev = bytes(32)
    hashes = []
    for number, line in enumerate(open(path, encoding="utf-8"), start=1):
        record = json.loads(line)
        data = base64.b64decode(record["bytes"], validate=True)
        h = entry_hash(data)
        version = int.from_bytes(data[0:2], "little")
        seq = int.from_bytes(data[2:10], "little")
        link = data[10:42]
        problems = []
        if h.hex() != record["hash"]:
            problems.append("hash differs from the stated hash")
        if version != 1:
            problems.append(f"format version {version}")
        if seq != number or record["seq"] != number:
            problems.append(f"holds entry {seq}")
        if link != prev or record["prev"] != prev.hex():
            problems.append("does not link to the previous entry")
        if problems:
            sys.exit(f"line {number}: " + "; ".join(problems))
        prev = h
        hashes.append(h)
    root = mth([leaf(h) for h in hashes])
    print(f"{len(hashes)} entries verified; head {prev.hex()}; Merkle root {base64.b64encode(root).decode()}")
    if checkpoint:
        body = open(checkpoint, encoding="utf-8").read().split("\n\n")[0].split("\n")
        size, cp_root, head = int(body[1]), body[2], body[3].removeprefix("head ")
        if (size, cp_root, head) != (len(hashes), base64.b64encode(root).decode(), prev.hex()):
            sys.exit("the export is not the ledger the checkpoint describes")
        if body[0] != "pacta/" + hashes[0].hex():
            sys.exit("the checkpoint names another ledger")
        print("the checkpoint matches")


if __name__ == "__main__":
    main(*sys.argv[1:3])
