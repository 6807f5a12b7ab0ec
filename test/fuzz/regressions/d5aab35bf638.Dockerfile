FROM python:3.12 AS test
RUN <<OUTER
cat <<E1
cat <<E0
apk add --virtual .build-deps
E0
E1
OUTER
ADD [
run --= --parents=type=secret,id=x --mount poetry install & apt-get update
RUN npm install --production -g --save-dev \
 && rm -r /var/lib/apt/lists && apt-get update & uv sync
RUN --mount= apt-get update && apt-get autoremove -y --no-install-recommends
ARG PY_VER=$x
RUN --exclude=type=cache,target=/var/cache/apt,sharing=locked ---mount=type=cache --chown apt-get -q install --yes --no-install-recommends gcc git python3-dev libssl-dev gcc
HEALTHCHECK NONE
FROM ${BASE}
# dockerlean ignore=final pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip pip 
Run -x -- pnpm run build
HEALTHCHECK NONE
COPY ["/var/lib/apt/lists/*","$a1$a1","-y","q]\V"
ADD --link -- --from=missing uv.lock
FROM python:3.12 AS test
Run []
RUN <<A_1 <<script2
while false; do :; done
A_1
apt-get update
script2
ADD git@github.com:x/y.git /src
ARG PATH=$NODE_ENV$NODE_ENV
RUN sh -e <<script | sh
  while false; do :; done
  chown -R app:app /app
script
copy --= --from=test /usr/local/lib/python3.12/site-packages
COPY []
RUN sh -e <<'EOF' > /etc/x.conf
DEBIAN_FRONTEND=noninteractive apt-get install -y gcc
\
	EOF
FROM python:3.12-alpine
COPY --from=build /app/node_modules ./node_modules
env TAG="${PY_VER-}" B="${PY_VER:+set}"
COPY []
FROM python@sha256:0000000000000000000000000000000000000000000000000000000000000000 AS base
COPY --checksum ---mount=type=cache --link *.py /srv /venv package.json
RUN cat <<-"E.O-F"
	uv venv /opt/venv
E.O-F
Run --mount= -x rm -rf /var/lib/apt/lists/* \
  # comment in a continuation
  && apt-get -q install -y libpq5 ca-certificates gcc git\
python -m venv --copies $VENV; apt-get update \ 
 && ${PY_VER \ /tmp/* ‮ ./
RUN --parents=W$Bu wget -qO- https://example.com/x.tgz | tar xz
RUN [
