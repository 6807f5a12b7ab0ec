FROM debian:bookworm
RUN <<EOF
apt-get update && apt-get install -y gcc\
EOF
