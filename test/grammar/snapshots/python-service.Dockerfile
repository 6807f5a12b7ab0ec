# syntax=docker/dockerfile:1
ARG PYTHON_VERSION=3.12

FROM python:${PYTHON_VERSION}-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends \
        build-essential \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip \
    python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt
COPY --chmod=0755 <<-"EOF" /usr/local/bin/entrypoint.sh
	#!/bin/sh
	exec "$@"
	EOF
RUN <<EOF
set -eu
if [ -d /app/tests ]; then
  rm -rf /app/tests
fi
EOF
RUN /opt/venv/bin/python <<'PY'
import compileall
compileall.compile_dir("/app", quiet=1)
PY

FROM python:${PYTHON_VERSION}-slim
COPY --from=build /opt/venv /opt/venv
COPY --chown=10001:10001 src/ /app/
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"]
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
CMD /opt/venv/bin/gunicorn --bind 0.0.0.0:8000 app:wsgi
