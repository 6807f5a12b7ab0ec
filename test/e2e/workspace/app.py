"""Answers /health with the database server version."""
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

import psycopg2


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        with psycopg2.connect(os.environ.get("DATABASE_URL", "")) as conn:
            with conn.cursor() as cur:
                cur.execute("SELECT version()")
                version = cur.fetchone()[0]
        body = version.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    HTTPServer(("0.0.0.0", 8000), Handler).serve_forever()
