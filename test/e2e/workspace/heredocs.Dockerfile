# syntax=docker/dockerfile:1
FROM python:3.12-slim-bookworm AS build
ARG APP_USER=app
RUN --mount=type=cache,target=/root/.cache/pip <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends gcc libpq-dev
python -m venv --copies /opt/venv
/opt/venv/bin/pip install "psycopg[c]==3.2.3" gunicorn
EOF
RUN python3 <<PY
import json, sys
print(json.dumps({"python": sys.version.split()[0]}))
PY
COPY <<-"CONF" /etc/app/settings.ini
	[server]
	workers = 4
	CONF

FROM python:3.12-slim-bookworm
COPY --from=build /opt/venv /opt/venv
RUN useradd --system app && \
    mkdir -p /srv && chown app /srv
USER app
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"
CMD ["/opt/venv/bin/gunicorn", "site.wsgi", "--bind", "0.0.0.0:8000"]
