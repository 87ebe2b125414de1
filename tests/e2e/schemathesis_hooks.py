"""Schemathesis hooks for the end-to-end run: uploads carry a real PDF, and most carry valid metadata,
so the fuzzer reaches the stored-document paths (and their response schemas), not only the 4xx ones."""

import os
import random

import schemathesis

PDF = open(os.environ["KONTRAKTARKIV_FUZZ_PDF"], "rb").read()
KINDS = ["contract", "appendix", "data_processing_agreement"]
CALLS = [0]


@schemathesis.hook
def map_body(context, body):
    operation = context.operation
    if operation is None or operation.path != "/api/v1/documents" or not isinstance(body, dict):
        return body
    metadata = body.get("metadata")
    # Every other upload keeps the fuzzed metadata; the rest get valid metadata and so are stored.
    CALLS[0] += 1
    if CALLS[0] % 2 == 0:
        metadata = {
            "kind": random.choice(KINDS),
            "title": f"Fuzz {random.randrange(1 << 30)}",
            "forvaltning": random.choice(["ØKF", "BUF", "KFF", "SUF", "SOF", "TMF", "BIF"]),
            "supplier": {"cvr": "38009877", "name": "Nordlys Drift A/S"},
        }
    # The service reads `metadata` before `file`, as the API describes, so the order is rebuilt here.
    return {"metadata": metadata, "file": PDF}
