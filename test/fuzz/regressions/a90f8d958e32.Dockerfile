FROM node:20-slim AS 0
RUN "unterminated foo && bash -c "apt-get update && apt-get install -y curl" && python -m venv /opt/venv
