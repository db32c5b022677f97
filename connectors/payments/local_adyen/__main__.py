"""`python -m connectors.payments.local_adyen --host 127.0.0.1 --port 8099 [--data FILE]`."""

from __future__ import annotations

import argparse
import sys

from werkzeug.serving import make_server

from connectors.payments.local_adyen import (
    DEMO_DATA_PATH,
    LocalAdyen,
    checkout_base_url,
    management_base_url,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m connectors.payments.local_adyen",
        description="Serve a local Adyen-compatible Checkout and Management API.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument(
        "--data", default=str(DEMO_DATA_PATH), help="JSON data file (default: the demo data)"
    )
    args = parser.parse_args(argv)
    try:
        app = LocalAdyen(args.data)
    except (OSError, ValueError) as exc:
        parser.error(f"cannot use {args.data}: {exc}")
    server = make_server(args.host, args.port, app, threaded=True)
    base_url = f"http://{args.host}:{server.server_port}"
    print(f"Local Adyen on {base_url} (data: {args.data})")
    print(f"  checkout_base_url   = {checkout_base_url(base_url)}")
    print(f"  management_base_url = {management_base_url(base_url)}")
    print(f"  control: POST {base_url}/__control__", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        app.stop()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
