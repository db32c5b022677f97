"""``python -m connectors.machine_translation.local_deepl --port 8098``"""

from __future__ import annotations

import argparse

from connectors.machine_translation.local_deepl.server import DEMO_KEY, LocalDeepL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8098)
    parser.add_argument("--key", default=DEMO_KEY)
    args = parser.parse_args()
    server = LocalDeepL(args.host, args.port, args.key)
    print(f"Local DeepL-compatible server on {server.url}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
